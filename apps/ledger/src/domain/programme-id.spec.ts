import { HoursVerifiedV1, PROGRAMME_ID_PATTERN } from '@goodloop/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { accountProfile, expirySinkKey, issuanceKey } from './account-keys';

/**
 * The hours-verified contract and the ledger agree on programme ids: a message whose programme
 * id passes the contract names accounts the ledger accepts, and one the ledger would refuse on
 * every try fails the contract instead (so it goes to the dead-letter topic at once rather than
 * stalling the earns behind it on its partition).
 */
describe('programme ids: the contract refuses what the ledger refuses', () => {
  const samples = [
    'community-points',
    'a',
    'x'.repeat(64),
    'x'.repeat(65),
    'prog.2027_spring-A',
    '',
    'has space',
    'colon:inside',
    'slash/inside',
    '社区积分',
    'tab\tinside',
    'emoji-🙂',
  ];

  const message = (programmeId: string) =>
    plainToInstance(HoursVerifiedV1, {
      attendanceId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      activityId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
      orgId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d',
      userId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5e',
      category: 'charity',
      minutes: 90,
      pointsPerHour: 10,
      programmeId,
      activityTitle: 'visit',
      verifiedBy: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5f',
      verifiedAt: '2026-12-01T08:00:00.000Z',
    });

  const ledgerAccepts = (programmeId: string): boolean => {
    if (!PROGRAMME_ID_PATTERN.test(programmeId)) return false; // the earn rules' own check
    try {
      accountProfile(issuanceKey(programmeId));
      accountProfile(expirySinkKey(programmeId));
      return true;
    } catch {
      return false;
    }
  };

  it.each(samples)('%j', (programmeId) => {
    const errors = validateSync(message(programmeId), { whitelist: true, forbidNonWhitelisted: true });
    const contractAccepts = !errors.some((e) => e.property === 'programmeId');
    expect(errors.filter((e) => e.property !== 'programmeId')).toEqual([]);
    expect(contractAccepts).toBe(ledgerAccepts(programmeId));
  });

  it('every id the contract accepts makes account keys the ledger accepts', () => {
    for (const id of samples.filter((s) => PROGRAMME_ID_PATTERN.test(s))) {
      expect(() => accountProfile(issuanceKey(id))).not.toThrow();
      expect(() => accountProfile(expirySinkKey(id))).not.toThrow();
    }
  });
});
