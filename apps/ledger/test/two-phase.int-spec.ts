/**
 * Transfers in more than one step: holds (pending transfers) posted in part or voided — by hand,
 * by their own delayed job at the timeout, or by the sweep — linked batches that apply all or
 * nothing, and reversals of posted transfers. Over HTTP and over Kafka.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import {
  Topics,
  type TransferPostedV1,
  type TransferRejectedV1,
  type TransferRequestV1,
  type TransferVoidedV1,
} from '@goodloop/contracts';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { LedgerJobsService } from '../src/jobs/ledger-jobs.service';
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

const config = ledgerTestConfig('two_phase');
// Only the holds' own delayed jobs and the sweeps the tests run by hand: the scheduled sweep
// would make "which path voided this hold" a matter of timing.
config.PENDING_SWEEP_EVERY_MS = 3600 * 1000;
const ISSUANCE = 'issuance:community-points';
const HOUR = 3600;

jest.setTimeout(120_000);

describe('ledger: pending, linked and reversed transfers', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  let emitted: TappedMessage[];
  let redis: IORedis;
  let jobs: Queue;
  const operator = admin();
  /** Each test pays into a redemption sink of its own, so its balances and holds start at zero. */
  let sink: string;

  const server = () => app.getHttpServer();
  const post = (body: object) => request(server()).post('/internal/transfers').set(asUser(operator)).send(body);
  const act = (id: string, action: 'post' | 'void' | 'reverse', body: object) =>
    request(server()).post(`/internal/transfers/${id}/${action}`).set(asUser(operator)).send(body);
  const find = (id: string) => request(server()).get(`/internal/transfers/${id}`).set(asUser(operator));
  const wallet = async (userId: string) =>
    (await request(server()).get(`/internal/wallets/${userId}`).set(asUser(operator)).expect(200)).body as {
      balance: number;
      pending: number;
      available: number;
    };
  const transferRow = async (id: string) => ((await ds.query('SELECT * FROM transfers WHERE id = $1', [id])) as object[])[0];
  const runningBalances = async (key: string) =>
    (
      (await ds.query(
        `SELECT e.balance_after::int AS b FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.key = $1 ORDER BY e.id`,
        [key],
      )) as { b: number }[]
    ).map((r) => r.b);
  const pendingTotals = async (key: string) =>
    (
      (await ds.query(`SELECT debits_pending::int AS d, credits_pending::int AS c FROM accounts WHERE key = $1`, [key])) as {
        d: number;
        c: number;
      }[]
    )[0];
  /** Events the ledger wrote for these transfer ids (the outbox holds every one it will publish). */
  const eventsFor = (ids: string[]) =>
    countRows(ds, `SELECT 1 FROM outbox WHERE envelope->'payload'->>'transferId' = ANY($1)`, [ids]);

  async function fundedResident(points: number) {
    const user = resident();
    await post({
      transferId: `adjust:${uuidv7()}`,
      debitAccount: ISSUANCE,
      creditAccount: `user:${user.id}`,
      asset: 'POINTS',
      amount: points,
      code: 'adjust',
    }).expect(201);
    return user;
  }

  function holdBody(userId: string, amount: number, timeoutSeconds: number) {
    return {
      transferId: `hold:${uuidv7()}`,
      debitAccount: `user:${userId}`,
      creditAccount: sink,
      asset: 'POINTS',
      amount,
      code: 'redeem',
      pending: { timeoutSeconds },
    };
  }

  /** The delayed void jobs BullMQ ran for a hold (a job that fired early is added again, numbered on). */
  async function voidJobsOf(pendingId: string) {
    const base = `void-pending-${Buffer.from(pendingId).toString('base64url')}`;
    const found = await Promise.all([0, 1, 2, 3].map((attempt) => jobs.getJob(`${base}-${attempt}`)));
    return found.filter((job) => job !== undefined);
  }

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
    emitted = (
      await kafka.tap([Topics.TransferPostedV1, Topics.TransferRejectedV1, Topics.TransferReservedV1, Topics.TransferVoidedV1])
    ).messages;
    redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null });
    jobs = new Queue('ledger', { connection: redis, prefix: `goodloop:${config.KAFKA_TOPIC_PREFIX}` });
  });

  afterAll(async () => {
    await jobs?.close();
    await redis?.quit().catch(() => undefined);
    await kafka?.close();
    await app?.close();
  });

  beforeEach(() => {
    sink = `sink:redemption:${uuidv7()}`;
  });

  describe('holds', () => {
    it('holds 30 of 100, refuses spending into the hold, posts 20 of it and releases the other 10', async () => {
      const user = await fundedResident(100);
      const key = `user:${user.id}`;
      const hold = holdBody(user.id, 30, HOUR);
      const held = await post(hold).expect(201);
      expect(held.body).toMatchObject({
        transferId: hold.transferId,
        op: 'pending',
        status: 'pending',
        replayed: false,
        amount: 30,
        debitAccount: key,
        creditAccount: sink,
        timeoutAt: expect.any(String),
      });
      expect(Date.parse(held.body.timeoutAt as string) - Date.parse(held.body.postedAt as string)).toBe(HOUR * 1000);
      expect(await wallet(user.id)).toMatchObject({ balance: 100, pending: 30, available: 70 });

      const spend = (amount: number) =>
        post({
          transferId: `redeem:${uuidv7()}`,
          debitAccount: key,
          creditAccount: sink,
          asset: 'POINTS',
          amount,
          code: 'redeem',
        });
      const refused = await spend(80).expect(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'INSUFFICIENT_FUNDS' });
      expect(refused.body.message).toContain('70 POINTS available');
      await spend(70).expect(201);
      expect(await wallet(user.id)).toMatchObject({ balance: 30, pending: 30, available: 0 });

      // More than the hold cannot be posted.
      const tooMuch = await act(hold.transferId, 'post', { transferId: `${hold.transferId}:post-all`, amount: 31 }).expect(422);
      expect(tooMuch.body.code).toBe('AMOUNT_EXCEEDS_PENDING');

      const settle = { transferId: `${hold.transferId}:post`, amount: 20 };
      const posted = await act(hold.transferId, 'post', settle).expect(201);
      expect(posted.body).toEqual({
        transferId: settle.transferId,
        op: 'post',
        status: 'posted',
        replayed: false,
        postedAt: expect.any(String),
        debitAccount: key,
        creditAccount: sink,
        asset: 'POINTS',
        amount: 20,
        code: 'redeem',
        pendingId: hold.transferId,
      });
      expect(await wallet(user.id)).toMatchObject({ balance: 10, pending: 0, available: 10 });
      expect(await pendingTotals(key)).toEqual({ d: 0, c: 0 });
      expect(await pendingTotals(sink)).toEqual({ d: 0, c: 0 });
      expect(await balanceOf(ds, sink)).toBe(90);
      expect((await find(hold.transferId).expect(200)).body).toMatchObject({ status: 'posted', amount: 30 });
      // The hold wrote no entries; the spend and the post did.
      expect(await runningBalances(key)).toEqual([100, 30, 10]);

      const again = await act(hold.transferId, 'post', settle).expect(200);
      expect(again.body).toEqual({ ...posted.body, replayed: true });
      const clash = await act(hold.transferId, 'post', { ...settle, amount: 10 }).expect(409);
      expect(clash.body.code).toBe('TRANSFER_ID_CONFLICT');
      const twice = await act(hold.transferId, 'post', { transferId: `${hold.transferId}:post-2`, amount: 5 }).expect(409);
      expect(twice.body.code).toBe('PENDING_ALREADY_POSTED');
      const voided = await act(hold.transferId, 'void', { transferId: `${hold.transferId}:void` }).expect(409);
      expect(voided.body.code).toBe('PENDING_ALREADY_POSTED');

      expect(await wallet(user.id)).toMatchObject({ balance: 10, pending: 0, available: 10 });
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE pending_id = $1', [hold.transferId])).toBe(1);
    });

    it('releases the whole hold when it is voided', async () => {
      const user = await fundedResident(50);
      const hold = holdBody(user.id, 40, HOUR);
      await post(hold).expect(201);
      expect(await wallet(user.id)).toMatchObject({ balance: 50, pending: 40, available: 10 });

      const body = { transferId: `${hold.transferId}:void` };
      const voided = await act(hold.transferId, 'void', body).expect(201);
      expect(voided.body).toMatchObject({
        transferId: body.transferId,
        op: 'void',
        status: 'voided',
        amount: 40,
        pendingId: hold.transferId,
        code: 'redeem',
      });
      expect(await wallet(user.id)).toMatchObject({ balance: 50, pending: 0, available: 50 });
      expect(await pendingTotals(sink)).toEqual({ d: 0, c: 0 });
      expect((await find(hold.transferId).expect(200)).body.status).toBe('voided');
      expect((await act(hold.transferId, 'void', body).expect(200)).body).toEqual({ ...voided.body, replayed: true });
      const late = await act(hold.transferId, 'post', { transferId: `${hold.transferId}:post` }).expect(409);
      expect(late.body.code).toBe('PENDING_ALREADY_VOIDED');
      expect(await runningBalances(`user:${user.id}`)).toEqual([50]);
      const [event] = (await ds.query(
        `SELECT envelope->'payload' AS payload FROM outbox WHERE topic = $1 AND envelope->'payload'->>'pendingId' = $2`,
        [Topics.TransferVoidedV1, hold.transferId],
      )) as { payload: TransferVoidedV1 }[];
      expect(event?.payload).toMatchObject({ transferId: body.transferId, reason: 'requested', amount: 40 });
    });

    it('voids a hold at its timeout by its own delayed job', async () => {
      const user = await fundedResident(10);
      const hold = holdBody(user.id, 10, 1);
      await post(hold).expect(201);
      expect(await wallet(user.id)).toMatchObject({ balance: 10, pending: 10, available: 0 });

      await waitFor(
        async () => (await find(hold.transferId)).body.status as string,
        (status) => status === 'voided',
        { what: 'the hold to void itself', timeoutMs: 10_000, intervalMs: 200 },
      );
      const voidId = `void:timeout:${hold.transferId}`;
      expect((await find(voidId).expect(200)).body).toMatchObject({
        transferId: voidId,
        op: 'void',
        status: 'voided',
        amount: 10,
        pendingId: hold.transferId,
      });
      // It was the hold's delayed job (the scheduled sweep is an hour away) that voided it.
      const ran = await waitFor(
        () => voidJobsOf(hold.transferId),
        (list) => list.some((job) => (job.returnvalue as { voided?: boolean } | null)?.voided === true),
        { what: 'the delayed job to finish' },
      );
      expect(ran.filter((job) => (job.returnvalue as { voided?: boolean } | null)?.voided === true)).toHaveLength(1);
      expect(await countRows(ds, `SELECT 1 FROM transfers WHERE pending_id = $1`, [hold.transferId])).toBe(1);
      expect(await wallet(user.id)).toMatchObject({ balance: 10, pending: 0, available: 10 });

      const late = await act(hold.transferId, 'post', { transferId: `${hold.transferId}:post` }).expect(409);
      expect(late.body.code).toBe('PENDING_ALREADY_VOIDED');

      const events = await waitFor(
        () => payloadsOn<TransferVoidedV1>(emitted, Topics.TransferVoidedV1).filter((p) => p.pendingId === hold.transferId),
        (list) => list.length >= 1,
        { what: 'the voided event', timeoutMs: 45_000 },
      );
      expect(events).toEqual([
        expect.objectContaining({ transferId: voidId, pendingId: hold.transferId, reason: 'timeout', amount: 10 }),
      ]);
    });

    it('lets the sweep void a timed-out hold whose job was lost, once', async () => {
      const user = await fundedResident(20);
      const hold = holdBody(user.id, 20, 2);
      await post(hold).expect(201);
      // The hold's delayed job is lost (as when Redis restarts empty).
      const [job] = await waitFor(
        () => voidJobsOf(hold.transferId),
        (list) => list.length === 1,
        { what: 'the delayed job to be scheduled' },
      );
      expect(await job!.getState()).toBe('delayed');
      await job!.remove();

      await waitFor(
        () => countRows(ds, `SELECT 1 FROM transfers WHERE id = $1 AND timeout_at <= now()`, [hold.transferId]),
        (n) => n === 1,
        { what: 'the timeout to pass', intervalMs: 100 },
      );
      expect((await find(hold.transferId).expect(200)).body.status).toBe('pending');
      const sweep = () => request(server()).post('/internal/jobs/sweep-pending/run').set(asUser(operator)).expect(200);
      expect((await sweep()).body).toEqual({ job: 'sweep-pending', result: { voided: 1 } });
      expect((await find(hold.transferId).expect(200)).body.status).toBe('voided');
      expect((await sweep()).body).toEqual({ job: 'sweep-pending', result: { voided: 0 } });
      // The per-hold job, had it survived, would do nothing now.
      expect(await app.get(LedgerJobsService).runNow('void-pending', { pendingId: hold.transferId })).toEqual({ voided: false });

      expect(await countRows(ds, `SELECT 1 FROM transfers WHERE pending_id = $1 AND op = 'void'`, [hold.transferId])).toBe(1);
      expect(await wallet(user.id)).toMatchObject({ balance: 20, pending: 0, available: 20 });
      await request(server()).post('/internal/jobs/sweep-pending/run').set(asUser(resident())).expect(403);
    });

    it('voids a timed-out hold once when the sweep and its delayed job race', async () => {
      const user = await fundedResident(20);
      const hold = holdBody(user.id, 15, 1);
      await post(hold).expect(201);
      await waitFor(
        () => countRows(ds, `SELECT 1 FROM transfers WHERE id = $1 AND timeout_at <= now()`, [hold.transferId]),
        (n) => n === 1,
        { what: 'the timeout to pass', intervalMs: 50 },
      );
      await Promise.all([
        request(server()).post('/internal/jobs/sweep-pending/run').set(asUser(operator)).expect(200),
        request(server()).post('/internal/jobs/sweep-pending/run').set(asUser(operator)).expect(200),
      ]);
      await waitFor(
        () => voidJobsOf(hold.transferId),
        (list) => list.some((job) => job.finishedOn !== undefined && job.returnvalue?.retryInMs === undefined),
        { what: 'the delayed job to run too' },
      );
      expect((await find(hold.transferId).expect(200)).body.status).toBe('voided');
      expect(await countRows(ds, `SELECT 1 FROM transfers WHERE pending_id = $1`, [hold.transferId])).toBe(1);
      expect(
        await countRows(ds, `SELECT 1 FROM outbox WHERE topic = $1 AND envelope->'payload'->>'pendingId' = $2`, [
          Topics.TransferVoidedV1,
          hold.transferId,
        ]),
      ).toBe(1);
      expect(await wallet(user.id)).toMatchObject({ balance: 20, pending: 0, available: 20 });
    });
  });

  describe('linked transfers', () => {
    it('applies none of a batch one of which would overdraw, keeps its ids refused, then all of it under new ids, once', async () => {
      const user = await fundedResident(50);
      const key = `user:${user.id}`;
      const org = `org:${uuidv7()}`;
      const group = uuidv7();
      const transfers = [
        { transferId: `redeem:${group}:a`, debitAccount: key, creditAccount: sink, asset: 'POINTS', amount: 20, code: 'redeem' },
        { transferId: `donate:${group}:b`, debitAccount: key, creditAccount: org, asset: 'POINTS', amount: 20, code: 'donate' },
        { transferId: `redeem:${group}:c`, debitAccount: key, creditAccount: sink, asset: 'POINTS', amount: 20, code: 'redeem' },
      ];
      const ids = transfers.map((t) => t.transferId);
      const entriesBefore = await countRows(ds, 'SELECT 1 FROM entries');
      const linked = (list: object[]) =>
        request(server()).post('/internal/transfers/linked').set(asUser(operator)).send({ transfers: list });

      const refused = await linked(transfers).expect(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'INSUFFICIENT_FUNDS' });
      expect(refused.body.details).toEqual([
        { index: 0, transferId: ids[0], code: 'LINKED_TRANSFER_FAILED', message: expect.stringContaining(ids[2]!) },
        { index: 1, transferId: ids[1], code: 'LINKED_TRANSFER_FAILED', message: expect.stringContaining(ids[2]!) },
        { index: 2, transferId: ids[2], code: 'INSUFFICIENT_FUNDS', message: expect.stringContaining('10 POINTS available') },
      ]);
      expect(await balanceOf(ds, key)).toBe(50);
      expect(await balanceOf(ds, org)).toBe(0);
      expect(await balanceOf(ds, sink)).toBe(0);
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [ids])).toBe(0);
      expect(await countRows(ds, 'SELECT 1 FROM entries')).toBe(entriesBefore);
      expect(await countRows(ds, 'SELECT 1 FROM chain_links WHERE transfer_id = ANY($1)', [ids])).toBe(0);
      expect(await eventsFor(ids)).toBe(0);

      // The same batch through the single-transfer route's `linked` field is refused alike.
      const [first, ...rest] = transfers;
      const viaCreate = await post({ ...first, linked: rest }).expect(409);
      expect(viaCreate.body.code).toBe('INSUFFICIENT_FUNDS');
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [ids])).toBe(0);

      await post({
        transferId: `adjust:${uuidv7()}`,
        debitAccount: ISSUANCE,
        creditAccount: key,
        asset: 'POINTS',
        amount: 10,
        code: 'adjust',
      }).expect(201);
      // The refused ids stay refused, whatever changed: the same batch gets the same answer.
      const again = await linked(transfers).expect(409);
      expect(again.body.code).toBe('INSUFFICIENT_FUNDS');
      expect((again.body.details as { code: string }[]).map((d) => d.code)).toEqual([
        'LINKED_TRANSFER_FAILED',
        'LINKED_TRANSFER_FAILED',
        'INSUFFICIENT_FUNDS',
      ]);
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [ids])).toBe(0);
      expect(await balanceOf(ds, key)).toBe(60);

      // Under new ids it applies, all of it, once.
      const retried = transfers.map((t) => ({ ...t, transferId: `${t.transferId}:again` }));
      const retriedIds = retried.map((t) => t.transferId);
      const applied = await linked(retried).expect(201);
      expect(applied.body.transfers).toHaveLength(3);
      expect(applied.body.transfers).toEqual(
        retried.map((t) =>
          expect.objectContaining({
            transferId: t.transferId,
            status: 'posted',
            replayed: false,
            amount: 20,
            linkedGroup: retriedIds[0],
          }),
        ),
      );
      expect(await balanceOf(ds, key)).toBe(0);
      expect(await balanceOf(ds, org)).toBe(20);
      expect(await balanceOf(ds, sink)).toBe(40);
      expect(
        await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1) AND linked_group = $2', [retriedIds, retriedIds[0]]),
      ).toBe(3);
      expect(await runningBalances(key)).toEqual([50, 60, 40, 20, 0]);
      expect(await eventsFor(retriedIds)).toBe(3);

      const replay = await linked(retried).expect(200);
      expect(replay.body.transfers).toEqual((applied.body.transfers as object[]).map((t) => ({ ...t, replayed: true })));
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [retriedIds])).toBe(3);
      expect(await balanceOf(ds, key)).toBe(0);
    });
  });

  describe('reversals', () => {
    it('reverses an earn in two parts, and no further', async () => {
      const user = resident();
      const key = `user:${user.id}`;
      const earn = {
        transferId: `earn:${uuidv7()}`,
        debitAccount: ISSUANCE,
        creditAccount: key,
        asset: 'POINTS',
        amount: 10,
        code: 'earn',
      };
      await post(earn).expect(201);
      const issuanceBefore = await balanceOf(ds, ISSUANCE);
      const original = await transferRow(earn.transferId);

      const part = { transferId: `${earn.transferId}:rev-1`, amount: 4, description: 'counted twice' };
      const first = await act(earn.transferId, 'reverse', part).expect(201);
      expect(first.body).toEqual({
        transferId: part.transferId,
        op: 'reverse',
        status: 'posted',
        replayed: false,
        postedAt: expect.any(String),
        debitAccount: key,
        creditAccount: ISSUANCE,
        asset: 'POINTS',
        amount: 4,
        code: 'reversal',
        reversesId: earn.transferId,
      });
      expect(await balanceOf(ds, key)).toBe(6);
      expect((await act(earn.transferId, 'reverse', part).expect(200)).body).toEqual({ ...first.body, replayed: true });

      const tooMuch = await act(earn.transferId, 'reverse', { transferId: `${earn.transferId}:rev-x`, amount: 7 }).expect(422);
      expect(tooMuch.body.code).toBe('AMOUNT_EXCEEDS_REVERSIBLE');
      expect(tooMuch.body.message).toContain('6 of its 10');
      expect(await balanceOf(ds, key)).toBe(6);

      const rest = await act(earn.transferId, 'reverse', { transferId: `${earn.transferId}:rev-2` }).expect(201);
      expect(rest.body).toMatchObject({ amount: 6, code: 'reversal', reversesId: earn.transferId });
      expect(await balanceOf(ds, key)).toBe(0);
      expect(await balanceOf(ds, ISSUANCE)).toBe(issuanceBefore + 10);
      expect(await runningBalances(key)).toEqual([10, 6, 0]);

      const third = await act(earn.transferId, 'reverse', { transferId: `${earn.transferId}:rev-3` }).expect(409);
      expect(third.body.code).toBe('ALREADY_REVERSED');
      const ofReversal = await act(part.transferId, 'reverse', { transferId: `${part.transferId}:rev` }).expect(409);
      expect(ofReversal.body.code).toBe('NOT_REVERSIBLE');
      const missing = await act(`earn:${uuidv7()}`, 'reverse', { transferId: `rev:${uuidv7()}` }).expect(404);
      expect(missing.body.code).toBe('TRANSFER_NOT_FOUND');

      // The original stands as it was; the reversals point at it.
      expect(await transferRow(earn.transferId)).toEqual(original);
      expect(
        (
          (await ds.query(`SELECT id, amount::int AS amount FROM transfers WHERE reverses_id = $1 ORDER BY id`, [
            earn.transferId,
          ])) as { id: string; amount: number }[]
        ).map((r) => [r.id, r.amount]),
      ).toEqual([
        [part.transferId, 4],
        [`${earn.transferId}:rev-2`, 6],
      ]);
    });

    it('refuses to reverse a hold, and a payment the payee has already spent', async () => {
      const payer = await fundedResident(30);
      const hold = holdBody(payer.id, 5, HOUR);
      await post(hold).expect(201);
      const ofHold = await act(hold.transferId, 'reverse', { transferId: `${hold.transferId}:rev` }).expect(409);
      expect(ofHold.body.code).toBe('NOT_REVERSIBLE');

      const payee = resident();
      const payment = {
        transferId: `donate:${uuidv7()}`,
        debitAccount: `user:${payer.id}`,
        creditAccount: `user:${payee.id}`,
        asset: 'POINTS',
        amount: 15,
        code: 'donate',
      };
      await post(payment).expect(201);
      await post({
        transferId: `redeem:${uuidv7()}`,
        debitAccount: `user:${payee.id}`,
        creditAccount: sink,
        asset: 'POINTS',
        amount: 10,
        code: 'redeem',
      }).expect(201);
      const original = await transferRow(payment.transferId);

      const refused = await act(payment.transferId, 'reverse', { transferId: `${payment.transferId}:rev` }).expect(409);
      expect(refused.body.code).toBe('INSUFFICIENT_FUNDS');
      expect(refused.body.message).toContain('5 POINTS available');
      expect(await balanceOf(ds, `user:${payee.id}`)).toBe(5);
      expect(await balanceOf(ds, `user:${payer.id}`)).toBe(15);
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE reverses_id = $1', [payment.transferId])).toBe(0);

      // What is left can go back.
      await act(payment.transferId, 'reverse', { transferId: `${payment.transferId}:rev-part`, amount: 5 }).expect(201);
      expect(await balanceOf(ds, `user:${payee.id}`)).toBe(0);
      expect(await balanceOf(ds, `user:${payer.id}`)).toBe(20);
      expect(await wallet(payer.id)).toMatchObject({ balance: 20, pending: 5, available: 15 });
      expect(await transferRow(payment.transferId)).toEqual(original);
    });
  });

  describe('over Kafka', () => {
    it('refuses every leg of a linked request one leg of which fails, and settles holds by post and void', async () => {
      const spender = await fundedResident(30);
      const spenderKey = `user:${spender.id}`;
      const org = `org:${uuidv7()}`;
      const group = uuidv7();
      const legs: TransferRequestV1[] = [
        {
          transferId: `redeem:${group}:a`,
          debitAccount: spenderKey,
          creditAccount: sink,
          asset: 'POINTS',
          amount: 10,
          code: 'redeem',
        },
        {
          transferId: `donate:${group}:b`,
          debitAccount: spenderKey,
          creditAccount: org,
          asset: 'POINTS',
          amount: 10,
          code: 'donate',
        },
        {
          transferId: `redeem:${group}:c`,
          debitAccount: spenderKey,
          creditAccount: sink,
          asset: 'POINTS',
          amount: 20,
          code: 'redeem',
        },
      ];
      const legIds = legs.map((l) => l.transferId);

      const holder = await fundedResident(100);
      const holderKey = `user:${holder.id}`;
      const toPost = holdBody(holder.id, 40, HOUR);
      const toVoid = holdBody(holder.id, 25, HOUR);
      await post(toPost).expect(201);
      await post(toVoid).expect(201);
      expect(await wallet(holder.id)).toMatchObject({ balance: 100, pending: 65, available: 35 });

      const [first, ...rest] = legs;
      await kafka.produce(Topics.TransferRequestV1, spenderKey, { ...first!, linked: rest });
      const postId = `${toPost.transferId}:post`;
      const voidId = `${toVoid.transferId}:void`;
      await kafka.produce(Topics.TransferSettleV1, toPost.transferId, {
        transferId: postId,
        pendingId: toPost.transferId,
        action: 'post',
        amount: 30,
      });
      await kafka.produce(Topics.TransferSettleV1, toVoid.transferId, {
        transferId: voidId,
        pendingId: toVoid.transferId,
        action: 'void',
      });

      const rejected = await waitFor(
        () => payloadsOn<TransferRejectedV1>(emitted, Topics.TransferRejectedV1).filter((p) => legIds.includes(p.transferId)),
        (list) => list.length >= 3,
        { what: 'a rejection per leg', timeoutMs: 45_000 },
      );
      expect(rejected.map((r) => [r.transferId, r.reasonCode]).sort()).toEqual(
        [
          [legIds[0], 'LINKED_TRANSFER_FAILED'],
          [legIds[1], 'LINKED_TRANSFER_FAILED'],
          [legIds[2], 'INSUFFICIENT_FUNDS'],
        ].sort(),
      );
      expect(await balanceOf(ds, spenderKey)).toBe(30);
      expect(await balanceOf(ds, org)).toBe(0);
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = ANY($1)', [legIds])).toBe(0);
      expect(
        await countRows(ds, `SELECT 1 FROM outbox WHERE topic <> $1 AND envelope->'payload'->>'transferId' = ANY($2)`, [
          Topics.TransferRejectedV1,
          legIds,
        ]),
      ).toBe(0);

      const posted = await waitFor(
        () => payloadsOn<TransferPostedV1>(emitted, Topics.TransferPostedV1).filter((p) => p.transferId === postId),
        (list) => list.length >= 1,
        { what: 'the posted settlement', timeoutMs: 45_000 },
      );
      expect(posted).toEqual([
        expect.objectContaining({
          transferId: postId,
          pendingId: toPost.transferId,
          debitAccount: holderKey,
          creditAccount: sink,
          amount: 30,
          code: 'redeem',
        }),
      ]);
      const voided = await waitFor(
        () => payloadsOn<TransferVoidedV1>(emitted, Topics.TransferVoidedV1).filter((p) => p.transferId === voidId),
        (list) => list.length >= 1,
        { what: 'the voided settlement', timeoutMs: 45_000 },
      );
      expect(voided).toEqual([
        expect.objectContaining({ transferId: voidId, pendingId: toVoid.transferId, amount: 25, reason: 'requested' }),
      ]);
      expect(await wallet(holder.id)).toMatchObject({ balance: 70, pending: 0, available: 70 });
      expect(await balanceOf(ds, sink)).toBe(30);
      expect(await pendingTotals(sink)).toEqual({ d: 0, c: 0 });
      expect((await find(toPost.transferId).expect(200)).body.status).toBe('posted');
      expect((await find(toVoid.transferId).expect(200)).body.status).toBe('voided');
    });
  });
});
