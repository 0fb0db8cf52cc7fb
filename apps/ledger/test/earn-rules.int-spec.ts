/**
 * Versioned earn rules end to end: the rules API, `volunteers.hours.verified.v1` priced by the
 * version in force when the hours were verified, the daily and monthly caps counted in the
 * programme's time zone (also for two earns at once), and points that expire — the lots, the
 * wallet's view of them, and the expiry run that writes what is left off to the programme's sink.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { DEFAULT_PROGRAMME_ID, Topics, type EarnRuleCreatedV1, type HoursVerifiedV1 } from '@goodloop/contracts';
import { payloadsOn } from '@goodloop/common/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ExpiryService } from '../src/expiry/expiry.service';
import {
  admin,
  asUser,
  balanceOf,
  countRows,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  resident,
  startLedger,
  waitFor,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('earn_rules');
const DAY_MS = 24 * 3600 * 1000;

function hoursVerified(userId: string, over: Partial<HoursVerifiedV1> = {}): HoursVerifiedV1 {
  return {
    attendanceId: uuidv7(),
    activityId: uuidv7(),
    orgId: uuidv7(),
    userId,
    category: 'elderly',
    minutes: 60,
    pointsPerHour: 10,
    programmeId: DEFAULT_PROGRAMME_ID,
    activityTitle: '社区敬老院陪伴',
    verifiedBy: uuidv7(),
    verifiedAt: new Date().toISOString(),
    ...over,
  };
}

interface EarnRuleView {
  programmeId: string;
  version: number;
  effectiveFrom: string;
  pointsPerHour: number | null;
  maxPointsPerHour: number | null;
  raiseApprovalMinutes: number | null;
  categoryBonus: Record<string, number>;
  dailyCap: number | null;
  monthlyCap: number | null;
  lifetimeDays: number | null;
  timeZone: string;
  createdBy: string;
  createdAt: string;
}

interface EarnLogRow {
  transfer_id: string;
  rule_version: number;
  local_day: string;
  points: number;
  uncapped_points: number;
}

// Kafka group joins and first deliveries take seconds on a small machine.
jest.setTimeout(120_000);

describe('ledger: earn rules, caps and expiry', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  const operator = admin();
  /** community-points version 3 (after the migration's capped version 2), created by the first test and in force for the later ones. */
  let v2: EarnRuleView;

  const http = () => request(app.getHttpServer());
  const rulesOf = (programmeId: string) => `/internal/programmes/${programmeId}/earn-rules`;
  const earnId = (m: HoursVerifiedV1) => `earn:attendance:${m.attendanceId}`;
  const earnLogOf = async (userId: string): Promise<EarnLogRow[]> =>
    (await ds.query(
      `SELECT transfer_id, rule_version, to_char(local_day, 'YYYY-MM-DD') AS local_day,
              points::int AS points, uncapped_points::int AS uncapped_points
         FROM earn_log WHERE user_id = $1 ORDER BY local_day, created_at`,
      [userId],
    )) as EarnLogRow[];
  const amountOf = async (transferId: string): Promise<number | undefined> => {
    const [row] = (await ds.query('SELECT amount::int AS amount FROM transfers WHERE id = $1', [transferId])) as {
      amount: number;
    }[];
    return row?.amount;
  };

  /** Produces the verifications in order (one key: one partition) and waits until the last is logged. */
  async function earnInOrder(messages: HoursVerifiedV1[]): Promise<void> {
    for (const m of messages) await kafka.produce(Topics.HoursVerifiedV1, m.userId, m);
    const last = messages[messages.length - 1]!;
    await waitFor(
      () => countRows(ds, 'SELECT 1 FROM earn_log WHERE transfer_id = $1', [earnId(last)]),
      (n) => n === 1,
      { what: `the earn of attendance ${last.attendanceId}`, timeoutMs: 45_000 },
    );
  }

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('lists versions 1 and 2 (the capped default), adds version 3 for admins only, and refuses versions that start in the past or say nothing valid', async () => {
    const initial = await http().get(rulesOf(DEFAULT_PROGRAMME_ID)).set(asUser(resident())).expect(200);
    expect(initial.body).toEqual({
      items: [
        {
          programmeId: DEFAULT_PROGRAMME_ID,
          version: 1,
          effectiveFrom: '2020-01-01T00:00:00.000Z',
          pointsPerHour: null,
          maxPointsPerHour: null,
          raiseApprovalMinutes: null,
          categoryBonus: {},
          dailyCap: null,
          monthlyCap: null,
          lifetimeDays: null,
          timeZone: 'Asia/Shanghai',
          createdBy: 'migration',
          createdAt: expect.any(String),
        },
        // 1796630100000-DefaultEarnRuleCaps: 8 h at 1,000 points a day, ten such days a month.
        expect.objectContaining({ version: 2, dailyCap: 8000, monthlyCap: 80000, createdBy: 'migration:default-caps' }),
      ],
    });

    const body = {
      pointsPerHour: 12,
      maxPointsPerHour: 100,
      categoryBonus: { elderly: 5 },
      dailyCap: 30,
      monthlyCap: 50,
      lifetimeDays: 365,
      effectiveFrom: new Date().toISOString(),
    };
    await http().post(rulesOf(DEFAULT_PROGRAMME_ID)).set(asUser(resident())).send(body).expect(403);

    const created = await http().post(rulesOf(DEFAULT_PROGRAMME_ID)).set(asUser(operator)).send(body).expect(201);
    v2 = created.body as EarnRuleView;
    expect(v2).toEqual({
      programmeId: DEFAULT_PROGRAMME_ID,
      version: 3,
      effectiveFrom: body.effectiveFrom,
      pointsPerHour: 12,
      maxPointsPerHour: 100,
      raiseApprovalMinutes: null,
      categoryBonus: { elderly: 5 },
      dailyCap: 30,
      monthlyCap: 50,
      lifetimeDays: 365,
      timeZone: 'Asia/Shanghai',
      createdBy: `user:${operator.id}`,
      createdAt: expect.any(String),
    });

    const past = await http()
      .post(rulesOf(DEFAULT_PROGRAMME_ID))
      .set(asUser(operator))
      .send({ ...body, effectiveFrom: new Date(Date.now() - 3600_000).toISOString() })
      .expect(422);
    expect(past.body).toMatchObject({ statusCode: 422, code: 'EFFECTIVE_FROM_IN_PAST' });
    const negative = await http().post(rulesOf(DEFAULT_PROGRAMME_ID)).set(asUser(operator)).send({ dailyCap: -1 }).expect(400);
    expect((negative.body.details as { field: string }[]).map((d) => d.field)).toEqual(['dailyCap']);
    const mars = await http()
      .post(rulesOf(DEFAULT_PROGRAMME_ID))
      .set(asUser(operator))
      .send({ timeZone: 'Mars/Base' })
      .expect(422);
    expect(mars.body).toMatchObject({ code: 'INVALID_TIME_ZONE' });
    const caps = await http()
      .post(rulesOf(DEFAULT_PROGRAMME_ID))
      .set(asUser(operator))
      .send({ dailyCap: 40, monthlyCap: 30 })
      .expect(422);
    expect(caps.body).toMatchObject({ code: 'CAPS_INCONSISTENT' });

    const after = await http().get(rulesOf(DEFAULT_PROGRAMME_ID)).set(asUser(operator)).expect(200);
    expect((after.body.items as EarnRuleView[]).map((r) => r.version)).toEqual([1, 2, 3]);

    // Announced once, for volunteers to bound activities' rates; refused versions announce nothing.
    const tap = await kafka.tap([Topics.EarnRuleCreatedV1]);
    const announced = await waitFor(
      async () => {
        await tap.caughtUp();
        return payloadsOn<EarnRuleCreatedV1>(tap.messages, undefined);
      },
      (payloads) => payloads.length >= 2,
      { what: 'ledger.earn-rule.created.v1 of versions 2 and 3', timeoutMs: 30_000 },
    );
    expect(announced).toEqual([
      expect.objectContaining({ programmeId: DEFAULT_PROGRAMME_ID, version: 2, raiseApprovalMinutes: null }),
      {
        programmeId: DEFAULT_PROGRAMME_ID,
        version: 3,
        effectiveFrom: body.effectiveFrom,
        maxPointsPerHour: 100,
        raiseApprovalMinutes: null,
        pointsPerHour: 12,
      },
    ]);
    expect(tap.messages[0]!.key).toBe(DEFAULT_PROGRAMME_ID);
  });

  it('prices each verification by the version in force when it was verified, and logs which', async () => {
    const user = resident();
    const start = Date.parse(v2.effectiveFrom);
    // Two days before version 3 (and version 2, effective since the migrations ran): version 1, the activity's 10 per hour, no bonus → 95 min = 15.
    const before = hoursVerified(user.id, { minutes: 95, verifiedAt: new Date(start - 2 * DAY_MS).toISOString() });
    // After it: 12 per hour whatever the activity says, + 5 for elderly care → 17.
    const after = hoursVerified(user.id, { minutes: 60, pointsPerHour: 100, verifiedAt: new Date(start + 60_000).toISOString() });
    // No bonus outside elderly care: 30 min × 12 = 6.
    const other = hoursVerified(user.id, {
      minutes: 30,
      category: 'community',
      verifiedAt: new Date(start + 120_000).toISOString(),
    });
    await earnInOrder([before, after, other]);

    expect(await balanceOf(ds, `user:${user.id}`)).toBe(15 + 17 + 6);
    const transfers = (await ds.query(
      `SELECT id, amount::int AS amount, "references"->>'rule' AS rule, expires_at FROM transfers WHERE id = ANY($1) ORDER BY created_at`,
      [[earnId(before), earnId(after), earnId(other)]],
    )) as { id: string; amount: number; rule: string; expires_at: Date | null }[];
    expect(transfers).toEqual([
      { id: earnId(before), amount: 15, rule: `${DEFAULT_PROGRAMME_ID}@v1`, expires_at: null },
      {
        id: earnId(after),
        amount: 17,
        rule: `${DEFAULT_PROGRAMME_ID}@v3`,
        expires_at: new Date(Date.parse(after.verifiedAt) + 365 * DAY_MS),
      },
      {
        id: earnId(other),
        amount: 6,
        rule: `${DEFAULT_PROGRAMME_ID}@v3`,
        expires_at: new Date(Date.parse(other.verifiedAt) + 365 * DAY_MS),
      },
    ]);
    const log = await earnLogOf(user.id);
    expect(
      log.map(({ transfer_id, rule_version, points, uncapped_points }) => ({
        transfer_id,
        rule_version,
        points,
        uncapped_points,
      })),
    ).toEqual([
      { transfer_id: earnId(before), rule_version: 1, points: 15, uncapped_points: 15 },
      { transfer_id: earnId(after), rule_version: 3, points: 17, uncapped_points: 17 },
      { transfer_id: earnId(other), rule_version: 3, points: 6, uncapped_points: 6 },
    ]);
  });

  it('pays up to the daily cap per Shanghai day and stops at the monthly cap', async () => {
    const user = resident();
    // Every verification is 60 min of elderly care: 12 + 5 = 17 before caps (daily 30, monthly 50).
    const at = (iso: string) => hoursVerified(user.id, { verifiedAt: iso });
    const m = {
      morning: at('2030-03-10T01:00:00Z'), // 10 Mar 09:00 in Shanghai: 17
      noon: at('2030-03-10T05:00:00Z'), // 10 Mar 13:00: 13 left of the day
      lateEvening: at('2030-03-10T15:30:00Z'), // 10 Mar 23:30: nothing left of the day
      pastMidnight: at('2030-03-10T16:30:00Z'), // 11 Mar 00:30 (still 10 Mar in UTC): a new day, 17 (month 47)
      nextMorning: at('2030-03-11T02:00:00Z'), // 11 Mar 10:00: 3 left of the month
      laterInMonth: at('2030-03-20T02:00:00Z'), // the month is full: 0
      april: at('2030-03-31T17:00:00Z'), // 1 Apr 01:00 in Shanghai (31 Mar in UTC): a new month, 17
    };
    await earnInOrder(Object.values(m));

    expect(await earnLogOf(user.id)).toEqual([
      { transfer_id: earnId(m.morning), rule_version: 3, local_day: '2030-03-10', points: 17, uncapped_points: 17 },
      { transfer_id: earnId(m.noon), rule_version: 3, local_day: '2030-03-10', points: 13, uncapped_points: 17 },
      { transfer_id: earnId(m.lateEvening), rule_version: 3, local_day: '2030-03-10', points: 0, uncapped_points: 17 },
      { transfer_id: earnId(m.pastMidnight), rule_version: 3, local_day: '2030-03-11', points: 17, uncapped_points: 17 },
      { transfer_id: earnId(m.nextMorning), rule_version: 3, local_day: '2030-03-11', points: 3, uncapped_points: 17 },
      { transfer_id: earnId(m.laterInMonth), rule_version: 3, local_day: '2030-03-20', points: 0, uncapped_points: 17 },
      { transfer_id: earnId(m.april), rule_version: 3, local_day: '2030-04-01', points: 17, uncapped_points: 17 },
    ]);
    // An earn capped to nothing is logged but writes no transfer.
    expect(await Promise.all(Object.values(m).map((x) => amountOf(earnId(x))))).toEqual([
      17,
      13,
      undefined,
      17,
      3,
      undefined,
      17,
    ]);
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(17 + 13 + 17 + 3 + 17);
  });

  it('lets only one of several verifications delivered at once take what is left of the day', async () => {
    const user = resident();
    const first = hoursVerified(user.id, { verifiedAt: '2030-05-06T02:00:00Z' });
    await earnInOrder([first]); // 17: 13 left today
    const together = ['03', '04', '05', '06'].map((hour) => hoursVerified(user.id, { verifiedAt: `2030-05-06T${hour}:00:00Z` }));
    // Keyed by attendance, so they land on different partitions and are consumed side by side.
    await Promise.all(together.map((m) => kafka.produce(Topics.HoursVerifiedV1, m.attendanceId, m)));
    await waitFor(
      () => countRows(ds, 'SELECT 1 FROM earn_log WHERE transfer_id = ANY($1)', [together.map(earnId)]),
      (n) => n === together.length,
      { what: 'the earns delivered together', timeoutMs: 45_000 },
    );
    const log = await earnLogOf(user.id);
    expect(log.map((r) => r.points).reduce((s, p) => s + p, 0)).toBe(30);
    expect(
      log
        .filter((r) => r.transfer_id !== earnId(first))
        .map((r) => r.points)
        .sort((x, y) => x - y),
    ).toEqual([0, 0, 0, 13]);
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(30);
    expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [[first, ...together].map(earnId)])).toBe(2);
  });

  it('expires what is left of each lot at the end of its lifetime, soonest first, once', async () => {
    const programmeId = `expiring-${randomBytes(4).toString('hex')}`;
    const rules = await http()
      .post(rulesOf(programmeId))
      .set(asUser(operator))
      .send({ lifetimeDays: 30, effectiveFrom: new Date().toISOString() })
      .expect(201);
    expect(rules.body).toMatchObject({ programmeId, version: 2, lifetimeDays: 30, pointsPerHour: null, dailyCap: null });
    const listed = await http().get(rulesOf(programmeId)).set(asUser(operator)).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ version: 1, effectiveFrom: '2020-01-01T00:00:00.000Z', lifetimeDays: null }),
      expect.objectContaining({ version: 2, lifetimeDays: 30 }),
    ]);

    const user = resident();
    const wallet = `user:${user.id}`;
    const start = Date.parse(rules.body.effectiveFrom as string);
    const lot = (minutes: number, verifiedAt: number) =>
      hoursVerified(user.id, { programmeId, category: 'community', minutes, verifiedAt: new Date(verifiedAt).toISOString() });
    const soon = lot(60, start + 60_000); // 10 points
    const later = lot(120, start + 2 * DAY_MS); // 20 points, expiring two days after the first lot
    await earnInOrder([soon, later]);
    const soonExpiry = new Date(Date.parse(soon.verifiedAt) + 30 * DAY_MS);
    const laterExpiry = new Date(Date.parse(later.verifiedAt) + 30 * DAY_MS);
    const lots = (await ds.query(
      'SELECT id, amount::int AS amount, expires_at FROM transfers WHERE id = ANY($1) ORDER BY expires_at',
      [[earnId(soon), earnId(later)]],
    )) as { id: string; amount: number; expires_at: Date }[];
    expect(lots).toEqual([
      { id: earnId(soon), amount: 10, expires_at: soonExpiry },
      { id: earnId(later), amount: 20, expires_at: laterExpiry },
    ]);

    const walletView = async () => (await http().get(`/internal/wallets/${user.id}`).set(asUser(user)).expect(200)).body;
    expect(await walletView()).toMatchObject({
      balance: 30,
      expiringSoon: [
        { expiresAt: soonExpiry.toISOString(), amount: 10 },
        { expiresAt: laterExpiry.toISOString(), amount: 20 },
      ],
      nextExpiry: { expiresAt: soonExpiry.toISOString(), amount: 10 },
    });

    // Spending draws on the lot that expires first.
    await http()
      .post('/internal/transfers')
      .set(asUser(operator))
      .send({
        transferId: `redeem:${uuidv7()}`,
        debitAccount: wallet,
        creditAccount: 'sink:redemption',
        asset: 'POINTS',
        amount: 4,
        code: 'redeem',
      })
      .expect(201);
    expect(await walletView()).toMatchObject({
      balance: 26,
      expiringSoon: [
        { expiresAt: soonExpiry.toISOString(), amount: 6 },
        { expiresAt: laterExpiry.toISOString(), amount: 20 },
      ],
      nextExpiry: { expiresAt: soonExpiry.toISOString(), amount: 6 },
    });

    const expiry = app.get(ExpiryService);
    const sink = `sink:expiry:${programmeId}`;
    const afterSoon = new Date(soonExpiry.getTime() + 3600_000);
    // Nothing is due a moment before the first lot lapses.
    expect(await expiry.expireDue(new Date(soonExpiry.getTime() - 1000))).toEqual({ walletsChecked: 0, transfers: 0, points: 0 });
    expect(await expiry.expireDue(afterSoon)).toEqual({ walletsChecked: 1, transfers: 1, points: 6 });
    const expired = (await ds.query(
      `SELECT t.id, t.amount::int AS amount, t.code, d.key AS debit, c.key AS credit
         FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
        WHERE t.code = 'expire' AND d.key = $1 ORDER BY t.created_at`,
      [wallet],
    )) as unknown[];
    expect(expired).toEqual([
      { id: `expire:${user.id}:${programmeId}:4`, amount: 6, code: 'expire', debit: wallet, credit: sink },
    ]);
    expect(await balanceOf(ds, wallet)).toBe(20);
    expect(await walletView()).toMatchObject({
      balance: 20,
      expiringSoon: [{ expiresAt: laterExpiry.toISOString(), amount: 20 }],
      nextExpiry: { expiresAt: laterExpiry.toISOString(), amount: 20 },
    });
    // Again at the same moment: nothing more is due.
    expect(await expiry.expireDue(afterSoon)).toEqual({ walletsChecked: 1, transfers: 0, points: 0 });

    const afterLater = new Date(laterExpiry.getTime() + 3600_000);
    expect(await expiry.expireDue(afterLater)).toEqual({ walletsChecked: 1, transfers: 1, points: 20 });
    expect(await expiry.expireDue(afterLater)).toEqual({ walletsChecked: 1, transfers: 0, points: 0 });
    expect(
      await countRows(ds, `SELECT 1 FROM transfers WHERE id = $1 AND amount = 20`, [`expire:${user.id}:${programmeId}:10`]),
    ).toBe(1);
    expect(await balanceOf(ds, wallet)).toBe(0);
    expect(await balanceOf(ds, sink)).toBe(26);
    expect(await balanceOf(ds, `issuance:${programmeId}`)).toBe(-30);
    expect(await walletView()).toMatchObject({ balance: 0, expiringSoon: [], nextExpiry: null });

    const trial = await http().get('/internal/trial-balance').set(asUser(operator)).expect(200);
    for (const asset of trial.body.assets as { sum: number; balanced: boolean }[]) {
      expect(asset).toMatchObject({ sum: 0, balanced: true });
    }
  });
});
