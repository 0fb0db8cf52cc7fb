/**
 * Earning points end to end: `volunteers.hours.verified.v1` on Kafka → an earn transfer in the
 * ledger → the resident's balance and statement, a balanced trial balance, and
 * `ledger.transfer.posted.v1` back on Kafka. Redeliveries and repeats credit once.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { DEFAULT_PROGRAMME_ID, Topics, type HoursVerifiedV1, type TransferPostedV1 } from '@goodloop/contracts';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  admin,
  asUser,
  balanceOf,
  countRows,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  payloadsOn,
  resident,
  startLedger,
  waitFor,
  type TappedMessage,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('earn');

function hoursVerified(
  userId: string,
  minutes: number,
  pointsPerHour: number,
  over: Partial<HoursVerifiedV1> = {},
): HoursVerifiedV1 {
  return {
    attendanceId: uuidv7(),
    activityId: uuidv7(),
    orgId: uuidv7(),
    userId,
    category: 'elderly',
    minutes,
    pointsPerHour,
    programmeId: DEFAULT_PROGRAMME_ID,
    activityTitle: '社区敬老院陪伴',
    verifiedBy: uuidv7(),
    verifiedAt: new Date().toISOString(),
    ...over,
  };
}

// Kafka group joins and first deliveries take seconds on a small machine.
jest.setTimeout(120_000);

describe('ledger: earning points from verified hours', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  let emitted: TappedMessage[];

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
    emitted = (await kafka.tap([Topics.TransferPostedV1])).messages;
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('credits floor(minutes × pph / 60), writes the running balance, stays balanced and announces the transfer', async () => {
    const user = resident();
    const message = hoursVerified(user.id, 95, 10);
    const sent = await kafka.produce(Topics.HoursVerifiedV1, user.id, message);

    // 95 min × 10 points per hour = 950 point-minutes → 15 points.
    await waitFor(
      () => balanceOf(ds, `user:${user.id}`),
      (b) => b === 15,
      { what: 'the earn credit', timeoutMs: 45_000 },
    );

    const wallet = await request(app.getHttpServer()).get(`/internal/wallets/${user.id}`).set(asUser(user)).expect(200);
    expect(wallet.body).toEqual({
      accountId: expect.any(String),
      asset: 'POINTS',
      balance: 15,
      pending: 0,
      available: 15,
      expiringSoon: [],
      nextExpiry: null,
    });

    const statement = await request(app.getHttpServer())
      .get(`/internal/wallets/${user.id}/entries`)
      .set(asUser(user))
      .expect(200);
    expect(statement.body).toEqual({
      items: [
        {
          id: expect.stringMatching(/^\d+$/),
          transferId: `earn:attendance:${message.attendanceId}`,
          amount: 15,
          balanceAfter: 15,
          code: 'earn',
          description: '社区敬老院陪伴',
          causedBy: `message:${sent.id}`,
          counterparty: `issuance:${DEFAULT_PROGRAMME_ID}`,
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });

    const [transfer] = (await ds.query(`SELECT "references" AS refs, amount::int AS amount FROM transfers WHERE id = $1`, [
      `earn:attendance:${message.attendanceId}`,
    ])) as { refs: Record<string, string>; amount: number }[];
    expect(transfer).toEqual({
      amount: 15,
      refs: {
        sourceEvent: sent.id,
        requestedBy: message.verifiedBy,
        description: message.activityTitle,
        rule: 'community-points@v2',
      },
    });

    const trial = await request(app.getHttpServer()).get('/internal/trial-balance').set(asUser(admin())).expect(200);
    expect(trial.body.assets).toContainEqual({ asset: 'POINTS', accounts: 2, debits: 15, credits: 15, sum: 0, balanced: true });
    expect(trial.body.assets).toContainEqual({ asset: 'CNY', accounts: 0, debits: 0, credits: 0, sum: 0, balanced: true });

    const posted = await waitFor(
      () => payloadsOn<TransferPostedV1>(emitted, Topics.TransferPostedV1).filter((p) => p.creditAccount === `user:${user.id}`),
      (list) => list.length >= 1,
      { what: 'ledger.transfer.posted.v1', timeoutMs: 30_000 },
    );
    expect(posted).toEqual([
      {
        transferId: `earn:attendance:${message.attendanceId}`,
        debitAccount: `issuance:${DEFAULT_PROGRAMME_ID}`,
        creditAccount: `user:${user.id}`,
        asset: 'POINTS',
        amount: 15,
        code: 'earn',
        postedAt: expect.any(String),
        references: {
          sourceEvent: sent.id,
          requestedBy: message.verifiedBy,
          description: message.activityTitle,
          rule: 'community-points@v2',
        },
      },
    ]);
    const tapped = emitted.find((m) => m.value?.includes(message.attendanceId));
    expect(tapped?.key).toBe(`issuance:${DEFAULT_PROGRAMME_ID}`);
  });

  it('credits once for the same message twice and for another message about the same attendance', async () => {
    const user = resident();
    const message = hoursVerified(user.id, 120, 7); // 14 points
    const first = await kafka.produce(Topics.HoursVerifiedV1, user.id, message);
    await kafka.produce(Topics.HoursVerifiedV1, user.id, message, first.id); // redelivery: same envelope id
    const second = await kafka.produce(Topics.HoursVerifiedV1, user.id, message); // a new message, same attendance
    // A later, different attendance of the same user proves the three above were all handled
    // (one partition, in order) before we count.
    const marker = hoursVerified(user.id, 60, 1);
    await kafka.produce(Topics.HoursVerifiedV1, user.id, marker);

    await waitFor(
      () => countRows(ds, `SELECT 1 FROM transfers WHERE id = $1`, [`earn:attendance:${marker.attendanceId}`]),
      (n) => n === 1,
      { what: 'the marker transfer', timeoutMs: 45_000 },
    );
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(14 + 1);
    expect(await countRows(ds, `SELECT 1 FROM entries WHERE transfer_id = $1`, [`earn:attendance:${message.attendanceId}`])).toBe(
      2,
    );
    // Both envelopes were consumed (the redelivery shares the first one's inbox row), and the
    // second one replayed the transfer instead of failing.
    expect(await countRows(ds, `SELECT 1 FROM inbox WHERE message_id = ANY($1::uuid[])`, [[first.id, second.id]])).toBe(2);
    const posted = await waitFor(
      () => payloadsOn<TransferPostedV1>(emitted, Topics.TransferPostedV1).filter((p) => p.creditAccount === `user:${user.id}`),
      (list) => list.length >= 2,
      { what: 'two posted events', timeoutMs: 30_000 },
    );
    expect(posted.map((p) => p.amount).sort()).toEqual([1, 14]);
  });

  it('consumes a verification worth zero points without a transfer', async () => {
    const user = resident();
    const zero = hoursVerified(user.id, 0, 10);
    const sent = await kafka.produce(Topics.HoursVerifiedV1, user.id, zero);
    await waitFor(
      () => countRows(ds, `SELECT 1 FROM inbox WHERE message_id = $1`, [sent.id]),
      (n) => n === 1,
      {
        what: 'the zero-point message to be consumed',
        timeoutMs: 45_000,
      },
    );
    expect(await countRows(ds, `SELECT 1 FROM transfers WHERE id = $1`, [`earn:attendance:${zero.attendanceId}`])).toBe(0);
    const wallet = await request(app.getHttpServer()).get(`/internal/wallets/${user.id}`).set(asUser(user)).expect(200);
    expect(wallet.body).toEqual({
      accountId: null,
      asset: 'POINTS',
      balance: 0,
      pending: 0,
      available: 0,
      expiringSoon: [],
      nextExpiry: null,
    });
  });

  it('opens an empty wallet when a user registers', async () => {
    const user = resident();
    await kafka.produce(Topics.UserRegisteredV1, user.id, {
      userId: user.id,
      email: `${user.id}@example.org`,
      displayName: '新居民',
      locale: 'zh-CN',
      registeredAt: new Date().toISOString(),
    });
    const wallet = await waitFor(
      async () =>
        (await request(app.getHttpServer()).get(`/internal/wallets/${user.id}`).set(asUser(user))).body as {
          accountId: string | null;
        },
      (w) => w.accountId !== null,
      { what: 'the new wallet', timeoutMs: 45_000 },
    );
    expect(wallet).toEqual({
      accountId: expect.any(String),
      asset: 'POINTS',
      balance: 0,
      pending: 0,
      available: 0,
      expiringSoon: [],
      nextExpiry: null,
    });
    const [account] = (await ds.query(`SELECT kind, allow_negative FROM accounts WHERE key = $1`, [
      `user:${user.id}`,
    ])) as unknown[];
    expect(account).toEqual({ kind: 'user_wallet', allow_negative: false });
  });
});
