import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvelopeDto } from './envelope';
import { seededRandom } from '@goodloop/common/testing';
import { isPlainEnvelope, isPlainTransferRequest } from './fast-checks';
import { TransferRequestV1 } from './ledger/transfer-messages.v1';

/** class-validator's verdict, exactly as the Kafka transport asks for it. */
function contractAccepts(payload: unknown): boolean {
  const instance = plainToInstance(TransferRequestV1, payload);
  return validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true }).length === 0;
}

function envelopeAccepted(envelope: unknown): boolean {
  return validateSync(plainToInstance(EnvelopeDto, envelope), { forbidUnknownValues: false }).length === 0;
}

const request = {
  transferId: 'redeem:01a2250c-6e23-749b-82a5-0768d0905bca',
  debitAccount: 'user:01a2250c-6e17-745b-8e78-ca4a8ea7a0b7',
  creditAccount: 'sink:redemption',
  asset: 'POINTS',
  amount: 15,
  code: 'redeem',
  references: { description: '电影票', sourceEvent: 'e-1' },
  pending: { timeoutSeconds: 3600 },
};

const envelope = {
  id: '01a2250c-6e27-7221-8579-2e30bd52f29e',
  type: 'ledger.transfer.request.v1',
  version: 1,
  occurredAt: '2026-11-29T02:24:17.033Z',
  producer: 'redemptions',
  correlationId: '01a2250c-6e27-7221-8579-2e30bd52f29f',
  payload: request,
};

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x'.repeat(129),
  'x'.repeat(501),
  'user:',
  'user:a b',
  'nope:1',
  0,
  -1,
  1.5,
  2 ** 53,
  '15',
  true,
  [],
  {},
  { extra: 1 },
  'POINTS',
  'USD',
  'earn',
  '2026-02-30T00:00:00.000Z',
  '2026-11-29T02:24:17Z',
  '01a2250c-6e27-0221-8579-2e30bd52f29e',
  '00000000-0000-0000-0000-000000000000',
  { timeoutSeconds: 0 },
  { timeoutSeconds: 90 * 24 * 3600 + 1 },
  { timeoutSeconds: 60, more: 1 },
  { description: 5 },
  { unknown: 'x' },
];

/** Values each field may validly take: mutations draw from these as often as from the odd ones. */
const FINE_VALUES: Record<string, unknown[]> = {
  transferId: ['a', 'x'.repeat(128), 'earn:attendance:1', '-._:'],
  debitAccount: ['issuance:community-points', 'user:1', 'fund:daf-li', 'sink:expiry:p'],
  creditAccount: ['org:riverside', 'external:payment-provider', 'user:' + 'a'.repeat(120)],
  asset: ['POINTS', 'CNY'],
  amount: [1, 2 ** 53 - 1, 100000],
  code: ['earn', 'grant', 'reversal', 'adjust'],
  references: [{}, { rule: 'p@v2' }, { description: '' }, { requestedBy: 'x'.repeat(200) }],
  pending: [{ timeoutSeconds: 1 }, { timeoutSeconds: 90 * 24 * 3600 }],
  version: [1, 1000],
  producer: ['ledger', 'p'.repeat(100)],
  causationId: ['c', ''],
};

function mutate(base: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = [...Object.keys(copy), 'linked', 'surprise', 'causationId'];
  const times = 1 + Math.floor(random() * 3);
  for (let i = 0; i < times; i += 1) {
    const key = keys[Math.floor(random() * keys.length)]!;
    const fine = FINE_VALUES[key] ?? [];
    const pool = random() < 0.5 && fine.length > 0 ? fine : ODD_VALUES;
    const value = pool[Math.floor(random() * pool.length)];
    if (value === undefined) delete copy[key];
    else copy[key] = structuredClone(value);
  }
  return copy;
}

describe('quick checks accept only what the contract accepts', () => {
  it('pass the ordinary shapes (so they are used at all)', () => {
    expect(isPlainTransferRequest(request)).toBe(true);
    expect(isPlainTransferRequest({ ...request, references: undefined, pending: undefined })).toBe(true);
    expect(isPlainEnvelope(envelope)).toBe(true);
    expect(contractAccepts(request)).toBe(true);
    expect(envelopeAccepted(envelope)).toBe(true);
  });

  it('never accept a transfer request the contract refuses (5,000 seeded mutations)', () => {
    const random = seededRandom(20261129);
    let quickYes = 0;
    for (let i = 0; i < 5_000; i += 1) {
      const candidate = mutate(request, random);
      if (!isPlainTransferRequest(candidate)) continue;
      quickYes += 1;
      expect({ i, candidate, contract: contractAccepts(candidate) }).toEqual({ i, candidate, contract: true });
    }
    expect(quickYes).toBeGreaterThan(50);
  });

  it('never accept an envelope the contract refuses (5,000 seeded mutations)', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 5_000; i += 1) {
      const candidate = mutate(envelope, random);
      if (!isPlainEnvelope(candidate)) continue;
      expect({ i, candidate, contract: envelopeAccepted(candidate) }).toEqual({ i, candidate, contract: true });
    }
  });

  it('leave linked batches, odd times and non-plain objects to the contract', () => {
    expect(isPlainTransferRequest({ ...request, linked: [] })).toBe(false);
    expect(isPlainEnvelope({ ...envelope, occurredAt: '2026-11-29T02:24:17Z' })).toBe(false);
    expect(isPlainEnvelope({ ...envelope, version: '1' })).toBe(false);
    expect(isPlainTransferRequest(Object.assign(Object.create({ inherited: true }) as object, request))).toBe(false);
  });
});
