/**
 * Transfers through the internal HTTP route and the Kafka command: idempotency by transfer id,
 * wallets that never go below zero (also under concurrent spending), who may read what, and
 * the posted / rejected answers on Kafka.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Topics, type TransferPostedV1, type TransferRejectedV1, type TransferRequestV1 } from '@goodloop/contracts';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  accountOf,
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

const config = ledgerTestConfig('transfers');
const ISSUANCE = 'issuance:community-points';
const SINK = 'sink:redemption';

// Kafka group joins and first deliveries take seconds on a small machine.
jest.setTimeout(120_000);

describe('ledger: transfers', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  let emitted: TappedMessage[];
  const operator = admin();

  const post = (body: object, user = operator) =>
    request(app.getHttpServer()).post('/internal/transfers').set(asUser(user)).send(body);
  const entriesOf = (key: string) =>
    countRows(ds, `SELECT 1 FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.key = $1`, [key]);

  /** A fresh resident whose wallet holds `points`, issued by an admin transfer. */
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

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
    emitted = (await kafka.tap([Topics.TransferPostedV1, Topics.TransferRejectedV1])).messages;
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  describe('idempotency', () => {
    it('answers the same id and content with the first result, and refuses the same id with other content', async () => {
      const user = resident();
      const body = {
        transferId: `adjust:${uuidv7()}`,
        debitAccount: ISSUANCE,
        creditAccount: `user:${user.id}`,
        asset: 'POINTS',
        amount: 100,
        code: 'adjust',
        references: { description: 'Opening balance' },
      };
      const first = await post(body).expect(201);
      expect(first.body).toEqual({
        transferId: body.transferId,
        op: 'transfer',
        status: 'posted',
        replayed: false,
        postedAt: expect.any(String),
        debitAccount: ISSUANCE,
        creditAccount: `user:${user.id}`,
        asset: 'POINTS',
        amount: 100,
        code: 'adjust',
      });

      const again = await post(body).expect(200);
      expect(again.body).toEqual({ ...first.body, replayed: true });
      // Provenance is not part of a transfer's identity: a retry from elsewhere is still a replay.
      await post({ ...body, references: { description: 'retry', requestedBy: 'tool' } }).expect(200);

      const clash = await post({ ...body, amount: 101 }).expect(409);
      expect(clash.body).toMatchObject({ statusCode: 409, code: 'TRANSFER_ID_CONFLICT' });
      await post({ ...body, creditAccount: `user:${uuidv7()}` }).expect(409);

      expect(await balanceOf(ds, `user:${user.id}`)).toBe(100);
      expect(await entriesOf(`user:${user.id}`)).toBe(1);
    });
  });

  describe('non-negative wallets', () => {
    it('refuses spending more than the balance and changes nothing', async () => {
      const user = await fundedResident(100);
      const before = await countRows(ds, 'SELECT 1 FROM entries');
      const transferId = `redeem:${uuidv7()}`;
      const refused = await post({
        transferId,
        debitAccount: `user:${user.id}`,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 150,
        code: 'redeem',
      }).expect(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'INSUFFICIENT_FUNDS' });
      expect(refused.body.message).toContain('100 POINTS available');

      expect(await balanceOf(ds, `user:${user.id}`)).toBe(100);
      expect(await countRows(ds, 'SELECT 1 FROM entries')).toBe(before);
      expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = $1', [transferId])).toBe(0);
      // A refusal takes the id: the same request gets the same refusal, another request under
      // the id is a conflict; a new id is needed once the money is there.
      const again = await post({
        transferId,
        debitAccount: `user:${user.id}`,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 150,
        code: 'redeem',
      }).expect(409);
      expect(again.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', message: refused.body.message });
      const smaller = {
        transferId,
        debitAccount: `user:${user.id}`,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 100,
        code: 'redeem',
      };
      const reused = await post(smaller).expect(409);
      expect(reused.body.code).toBe('TRANSFER_ID_CONFLICT');
      expect(await balanceOf(ds, `user:${user.id}`)).toBe(100);
      await post({ ...smaller, transferId: `redeem:${uuidv7()}` }).expect(201);
      expect(await balanceOf(ds, `user:${user.id}`)).toBe(0);
    });

    it('lets exactly 10 of 20 concurrent spends of 10 through a balance of 100', async () => {
      const user = await fundedResident(100);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          post({
            transferId: `redeem:${uuidv7()}`,
            debitAccount: `user:${user.id}`,
            creditAccount: SINK,
            asset: 'POINTS',
            amount: 10,
            code: 'redeem',
          }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(10).fill(201), ...Array(10).fill(409)]);
      expect(
        responses.filter((r) => r.status === 409).every((r) => (r.body as { code: string }).code === 'INSUFFICIENT_FUNDS'),
      ).toBe(true);
      expect(await balanceOf(ds, `user:${user.id}`)).toBe(0);
      expect(await entriesOf(`user:${user.id}`)).toBe(11);

      // The running balances step down 90, 80 … 0 without a gap or a repeat.
      const statement = await request(app.getHttpServer())
        .get(`/internal/wallets/${user.id}/entries?limit=100`)
        .set(asUser(user))
        .expect(200);
      expect((statement.body.items as { balanceAfter: number }[]).map((i) => i.balanceAfter)).toEqual([
        0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
      ]);

      const trial = await request(app.getHttpServer()).get('/internal/trial-balance').set(asUser(operator)).expect(200);
      expect(trial.body.assets).toContainEqual(expect.objectContaining({ asset: 'POINTS', sum: 0, balanced: true }));
    });

    it('retries a transaction PostgreSQL chose as a deadlock victim instead of failing', async () => {
      const user = await fundedResident(10);
      const spend = (amount: number) => ({
        transferId: `redeem:${uuidv7()}`,
        debitAccount: `user:${user.id}`,
        creditAccount: SINK,
        asset: 'POINTS',
        amount,
        code: 'redeem',
      });
      await post(spend(1)).expect(201);
      const [lo, hi] = [(await accountOf(ds, `user:${user.id}`))!.id, (await accountOf(ds, SINK))!.id].sort();

      // Another session holds the account the ledger locks second …
      const other = ds.createQueryRunner();
      await other.connect();
      await other.startTransaction();
      await other.query('SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE', [hi]);
      const answer = post(spend(5)).then((response) => response);
      await waitFor(
        () => countRows(ds, `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ledger_apply%'`),
        (n) => n === 1,
        { what: 'the transfer to wait for the lock' },
      );
      // … then asks for the one the ledger already holds: a cycle. The ledger's transaction has
      // waited longest, so PostgreSQL aborts it (40P01); the service runs it again.
      await other.query('SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE', [lo]);
      await other.commitTransaction();
      await other.release();

      expect((await answer).status).toBe(201);
      expect(await balanceOf(ds, `user:${user.id}`)).toBe(4);
    });

    it('refuses a frozen wallet', async () => {
      const user = await fundedResident(30);
      await ds.query(`UPDATE accounts SET frozen = true WHERE key = $1`, [`user:${user.id}`]);
      const refused = await post({
        transferId: `redeem:${uuidv7()}`,
        debitAccount: `user:${user.id}`,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 1,
        code: 'redeem',
      }).expect(409);
      expect(refused.body.code).toBe('ACCOUNT_FROZEN');
      expect(await balanceOf(ds, `user:${user.id}`)).toBe(30);
    });
  });

  describe('validation and access', () => {
    it('refuses malformed bodies field by field, and transfers the rules forbid', async () => {
      const bad = await post({
        transferId: 'x y',
        debitAccount: 'nobody',
        creditAccount: SINK,
        asset: 'USD',
        amount: 1.5,
        code: 'earn',
        extra: 1,
      }).expect(400);
      expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'amount',
        'asset',
        'debitAccount',
        'extra',
        'transferId',
      ]);

      const same = await post({
        transferId: `adjust:${uuidv7()}`,
        debitAccount: SINK,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 1,
        code: 'adjust',
      }).expect(422);
      expect(same.body.code).toBe('SAME_ACCOUNT');
      const sink = await post({
        transferId: `adjust:${uuidv7()}`,
        debitAccount: ISSUANCE,
        creditAccount: 'sink:nowhere',
        asset: 'POINTS',
        amount: 1,
        code: 'adjust',
      }).expect(422);
      expect(sink.body.code).toBe('INVALID_ACCOUNT_KEY');
      expect(await countRows(ds, `SELECT 1 FROM accounts WHERE key = 'sink:nowhere'`)).toBe(0);
    });

    it('lets only admins post, before looking at the body', async () => {
      const refused = await post({ nonsense: true }, resident()).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      await request(app.getHttpServer()).post('/internal/transfers').set(asUser()).send({}).expect(401);
    });

    it('shows a wallet to its owner and admins only', async () => {
      const owner = await fundedResident(5);
      const neighbour = resident();
      const server = app.getHttpServer();

      const forbidden = await request(server).get(`/internal/wallets/${owner.id}`).set(asUser(neighbour)).expect(403);
      expect(forbidden.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      await request(server).get(`/internal/wallets/${owner.id}/entries`).set(asUser(neighbour)).expect(403);
      await request(server).get(`/internal/wallets/${owner.id}`).set(asUser(operator)).expect(200);
      const own = await request(server).get(`/internal/wallets/${owner.id}`).set(asUser(owner)).expect(200);
      expect(own.body).toMatchObject({ balance: 5, available: 5, pending: 0 });
      const cny = await request(server).get(`/internal/wallets/${owner.id}?asset=CNY`).set(asUser(owner)).expect(200);
      expect(cny.body).toEqual({
        accountId: null,
        asset: 'CNY',
        balance: 0,
        pending: 0,
        available: 0,
        expiringSoon: [],
        nextExpiry: null,
      });

      const health = await request(server).get('/internal/health').expect(200); // open inside the network
      expect(health.body).toMatchObject({ status: 'ok', checks: { postgres: { ok: true }, kafkaConsumer: { ok: true } } });
      await request(server).get(`/internal/wallets/${owner.id}`).expect(401); // no internal token
      await request(server).get(`/internal/wallets/${owner.id}`).set(asUser()).expect(401); // no user
      await request(server).get(`/internal/trial-balance`).set(asUser(owner)).expect(403);
      const staff = resident({
        memberships: [{ orgId: uuidv7(), orgName: '基金会', orgKind: 'foundation', role: 'foundation_staff' }],
      });
      await request(server).get(`/internal/trial-balance`).set(asUser(staff)).expect(200);
    });

    it('pages the statement newest first with an opaque cursor', async () => {
      const user = await fundedResident(50);
      for (let i = 0; i < 4; i++) {
        await post({
          transferId: `redeem:${uuidv7()}`,
          debitAccount: `user:${user.id}`,
          creditAccount: SINK,
          asset: 'POINTS',
          amount: 5,
          code: 'redeem',
        }).expect(201);
      }
      const server = app.getHttpServer();
      const first = await request(server).get(`/internal/wallets/${user.id}/entries?limit=3`).set(asUser(user)).expect(200);
      expect((first.body.items as { amount: number; balanceAfter: number }[]).map((i) => [i.amount, i.balanceAfter])).toEqual([
        [-5, 30],
        [-5, 35],
        [-5, 40],
      ]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await request(server)
        .get(`/internal/wallets/${user.id}/entries?limit=3&cursor=${first.body.nextCursor as string}`)
        .set(asUser(user))
        .expect(200);
      expect(
        (second.body.items as { amount: number; balanceAfter: number; code: string }[]).map((i) => [
          i.amount,
          i.balanceAfter,
          i.code,
        ]),
      ).toEqual([
        [-5, 45, 'redeem'],
        [50, 50, 'adjust'],
      ]);
      expect(second.body.nextCursor).toBeNull();
      const bad = await request(server).get(`/internal/wallets/${user.id}/entries?cursor=nope`).set(asUser(user)).expect(400);
      expect(bad.body.code).toBe('INVALID_CURSOR');
      await request(server).get(`/internal/wallets/${user.id}/entries?limit=0`).set(asUser(user)).expect(400);
    });
  });

  describe('the Kafka command ledger.transfer.request.v1', () => {
    it('answers with posted, or with rejected for a refusal, and consumes both', async () => {
      const user = await fundedResident(20);
      const spend: TransferRequestV1 = {
        transferId: `redeem:${uuidv7()}`,
        debitAccount: `user:${user.id}`,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 15,
        code: 'redeem',
        references: { description: '电影票' },
      };
      const overspend: TransferRequestV1 = { ...spend, transferId: `redeem:${uuidv7()}`, amount: 6 };
      const sent = await kafka.produce(Topics.TransferRequestV1, spend.debitAccount, spend);
      await kafka.produce(Topics.TransferRequestV1, spend.debitAccount, spend); // a retried command
      const refusedCommand = await kafka.produce(Topics.TransferRequestV1, overspend.debitAccount, overspend);

      const rejected = await waitFor(
        () =>
          payloadsOn<TransferRejectedV1>(emitted, Topics.TransferRejectedV1).filter((p) => p.transferId === overspend.transferId),
        (list) => list.length === 1,
        { what: 'the rejection', timeoutMs: 45_000 },
      );
      expect(rejected[0]).toEqual({
        transferId: overspend.transferId,
        reasonCode: 'INSUFFICIENT_FUNDS',
        reason: expect.stringContaining('5 POINTS available'),
        rejectedAt: expect.any(String),
      });
      // The answers travel on two topics: each in its own time.
      const posted = await waitFor(
        () => payloadsOn<TransferPostedV1>(emitted, Topics.TransferPostedV1).filter((p) => p.transferId === spend.transferId),
        (list) => list.length >= 1,
        { what: 'the posted answer', timeoutMs: 45_000 },
      );
      expect(posted).toEqual([
        expect.objectContaining({
          transferId: spend.transferId,
          amount: 15,
          references: { description: '电影票', sourceEvent: sent.id },
        }),
      ]);
      expect(await balanceOf(ds, `user:${user.id}`)).toBe(5);
      // The answer names the command it answers, and travels under the wallet's key.
      const answer = emitted.find((m) => m.topic === Topics.TransferRejectedV1 && m.value?.includes(overspend.transferId));
      expect(answer?.key).toBe(`user:${user.id}`);
      expect(JSON.parse(answer?.value ?? '{}')).toMatchObject({
        causationId: refusedCommand.id,
        correlationId: refusedCommand.correlationId,
      });
      // The retried command replayed: one transfer, one posted event, the entries of one spend.
      expect(await countRows(ds, `SELECT 1 FROM transfers WHERE id = $1`, [spend.transferId])).toBe(1);
    });
  });
});
