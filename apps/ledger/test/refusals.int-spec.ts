/**
 * An id reported rejected stays rejected. A command the ledger refused — and said so, with a 4xx
 * or a `ledger.transfer.rejected.v1` — is recorded in `transfer_refusals` with the rejected
 * event; sent again (a Kafka redelivery after a crash before the offset commit, an HTTP retry)
 * it gets the same refusal and never posts, even when the reason has gone away in between;
 * another command under the id is TRANSFER_ID_CONFLICT. Everything here goes through the real
 * ledger, PostgreSQL and Kafka.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Topics, type TransferRequestV1 } from '@goodloop/contracts';
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
  ownerDataSource,
  payloadsOn,
  resident,
  startLedger,
  waitFor,
  type TappedMessage,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('refusals');
const ISSUANCE = 'issuance:refusals';
const SINK = 'sink:redemption';

// Kafka group joins and first deliveries take seconds on a small machine.
jest.setTimeout(180_000);

interface Rejected {
  transferId: string;
  reasonCode: string;
  reason: string;
  rejectedAt: string;
}

describe('ledger: an id reported rejected stays rejected', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  let tap: Awaited<ReturnType<KafkaTestClient['tap']>>;
  let tapped: TappedMessage[];
  const operator = admin();

  const post = (body: object, path = '/internal/transfers') =>
    request(app.getHttpServer()).post(path).set(asUser(operator)).send(body);
  const fund = async (wallet: string, amount: number) => {
    const response = await post({
      transferId: `fund:${uuidv7()}`,
      debitAccount: ISSUANCE,
      creditAccount: wallet,
      asset: 'POINTS',
      amount,
      code: 'adjust',
    });
    expect(response.status).toBe(201);
  };
  const spend = (transferId: string, wallet: string, amount: number): TransferRequestV1 => ({
    transferId,
    debitAccount: wallet,
    creditAccount: SINK,
    asset: 'POINTS',
    amount,
    code: 'redeem',
  });
  const onKafka = (payload: TransferRequestV1, envelopeId?: string) =>
    kafka.produce(Topics.TransferRequestV1, payload.debitAccount, payload, envelopeId);
  const rejected = (transferId: string) =>
    payloadsOn<Rejected>(tapped, Topics.TransferRejectedV1).filter((p) => p.transferId === transferId);
  const posted = (transferId: string) =>
    payloadsOn<{ transferId: string }>(tapped, Topics.TransferPostedV1).filter((p) => p.transferId === transferId);
  const transfers = (id: string) => countRows(ds, `SELECT 1 FROM transfers WHERE id = $1`, [id]);
  const refusals = async (id: string) =>
    (await ds.query(
      `SELECT reason_code AS "reasonCode", caused_by AS "causedBy", message_id IS NOT NULL AS announced
         FROM transfer_refusals WHERE transfer_id = $1`,
      [id],
    )) as { reasonCode: string; causedBy: string; announced: boolean }[];
  /**
   * Everything sent before on `wallet`'s partition has been handled once a refusal that comes
   * after it is out: a request for more than any wallet here holds, keyed like the others.
   */
  const drain = async (wallet: string) => {
    const marker = `marker:${uuidv7()}`;
    await onKafka(spend(marker, wallet, 1_000_000_000));
    await waitFor(
      () => rejected(marker),
      (found) => found.length === 1,
      { what: `the marker ${marker} to be refused`, timeoutMs: 60_000 },
    );
  };

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
    tap = await kafka.tap([Topics.TransferRejectedV1, Topics.TransferPostedV1]);
    tapped = tap.messages;
    // The test client connects its producer on first use: once, before anything runs in parallel.
    await drain(`user:${resident().id}`);
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('Kafka: a redelivered request refused for insufficient funds stays refused after a top-up; one refusal, one event', async () => {
    const wallet = `user:${resident().id}`;
    await fund(wallet, 3);
    const id = `redeem:${uuidv7()}`;
    const first = await onKafka(spend(id, wallet, 10));
    await waitFor(
      () => rejected(id),
      (found) => found.length === 1,
      { what: `the refusal of ${id}`, timeoutMs: 60_000 },
    );
    expect(rejected(id)[0]).toMatchObject({ reasonCode: 'INSUFFICIENT_FUNDS' });

    // The reason goes away; then the same message comes again, as after a crash before the
    // offset commit (same envelope), and once more from another message (a requester's retry).
    await fund(wallet, 100);
    expect(await balanceOf(ds, wallet)).toBe(103);
    await onKafka(spend(id, wallet, 10), first.id);
    await onKafka(spend(id, wallet, 10));
    await drain(wallet);
    await tap.caughtUp();

    expect(await balanceOf(ds, wallet)).toBe(103);
    expect(await transfers(id)).toBe(0);
    expect(posted(id)).toEqual([]);
    expect(rejected(id)).toHaveLength(1);
    expect(await refusals(id)).toEqual([{ reasonCode: 'INSUFFICIENT_FUNDS', causedBy: `message:${first.id}`, announced: true }]);

    // Another body under the refused id: TRANSFER_ID_CONFLICT, announced, nothing posted.
    await onKafka(spend(id, wallet, 1));
    await waitFor(
      () => rejected(id),
      (found) => found.length === 2,
      { what: `the conflict on ${id}`, timeoutMs: 60_000 },
    );
    expect(rejected(id)[1]).toMatchObject({ reasonCode: 'TRANSFER_ID_CONFLICT' });
    expect(await balanceOf(ds, wallet)).toBe(103);
    expect(await transfers(id)).toBe(0);
    expect(await refusals(id)).toHaveLength(1);
  });

  it('Kafka: a refusal decided before the engine is recorded too: one event, and a corrected body is a conflict', async () => {
    const wallet = `user:${resident().id}`;
    await fund(wallet, 50);
    const id = `redeem:${uuidv7()}`;
    const broken = { ...spend(id, wallet, 5), creditAccount: wallet };
    const first = await onKafka(broken);
    await onKafka(broken, first.id); // redelivered
    await onKafka(spend(id, wallet, 5)); // corrected, same id
    await drain(wallet);
    await tap.caughtUp();
    expect(rejected(id).map((p) => p.reasonCode)).toEqual(['SAME_ACCOUNT', 'TRANSFER_ID_CONFLICT']);
    expect(await transfers(id)).toBe(0);
    expect(await balanceOf(ds, wallet)).toBe(50);
    expect(await refusals(id)).toEqual([{ reasonCode: 'SAME_ACCOUNT', causedBy: `message:${first.id}`, announced: false }]);
  });

  it('HTTP: the same refused id after funding gets the same refusal and moves nothing; another body is a conflict', async () => {
    const wallet = `user:${resident().id}`;
    const id = `redeem:${uuidv7()}`;
    const refused = await post(spend(id, wallet, 20));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });

    await fund(wallet, 40);
    const again = await post(spend(id, wallet, 20));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INSUFFICIENT_FUNDS');
    expect(again.body.message).toBe(refused.body.message);
    expect(await balanceOf(ds, wallet)).toBe(40);
    expect(await transfers(id)).toBe(0);
    expect(await refusals(id)).toEqual([{ reasonCode: 'INSUFFICIENT_FUNDS', causedBy: `user:${operator.id}`, announced: false }]);

    const other = await post(spend(id, wallet, 5));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('TRANSFER_ID_CONFLICT');
    expect(await balanceOf(ds, wallet)).toBe(40);
    expect(await transfers(id)).toBe(0);
    // Refusals over HTTP publish nothing.
    expect(rejected(id)).toEqual([]);
  });

  it('HTTP: a refusal decided before the engine takes the id too', async () => {
    const wallet = `user:${resident().id}`;
    await fund(wallet, 10);
    const id = `redeem:${uuidv7()}`;
    const same = await post({ ...spend(id, wallet, 5), creditAccount: wallet });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('SAME_ACCOUNT');
    const corrected = await post(spend(id, wallet, 5));
    expect(corrected.status).toBe(409);
    expect(corrected.body.code).toBe('TRANSFER_ID_CONFLICT');
    expect(await balanceOf(ds, wallet)).toBe(10);
    expect(await refusals(id)).toEqual([{ reasonCode: 'SAME_ACCOUNT', causedBy: `user:${operator.id}`, announced: false }]);
  });

  it('HTTP: a settlement refused for a missing hold stays refused once the hold exists', async () => {
    const wallet = `user:${resident().id}`;
    await fund(wallet, 10);
    const holdId = `hold:${uuidv7()}`;
    const postId = `${holdId}:post`;
    const early = await post({ transferId: postId }, `/internal/transfers/${holdId}/post`);
    expect(early.status).toBe(404);
    expect(early.body.code).toBe('PENDING_NOT_FOUND');

    const hold = await post({ ...spend(holdId, wallet, 4), pending: { timeoutSeconds: 600 } });
    expect(hold.status).toBe(201);
    const late = await post({ transferId: postId }, `/internal/transfers/${holdId}/post`);
    expect(late.status).toBe(404);
    expect(late.body.code).toBe('PENDING_NOT_FOUND');
    expect(await transfers(postId)).toBe(0);
    expect(await balanceOf(ds, wallet)).toBe(10);
    // The hold itself is untouched and can still be settled under another id.
    const settled = await post({ transferId: `${holdId}:post-2` }, `/internal/transfers/${holdId}/post`);
    expect(settled.status).toBe(201);
    expect(await balanceOf(ds, wallet)).toBe(6);
  });

  it('HTTP: a refused linked batch stays refused, every member with its first code', async () => {
    const wallet = `user:${resident().id}`;
    const group = [
      { ...spend(`bonus:${uuidv7()}`, wallet, 1), debitAccount: ISSUANCE, creditAccount: wallet, code: 'adjust' },
      spend(`redeem:${uuidv7()}`, wallet, 30),
    ];
    const first = await post({ transfers: group }, '/internal/transfers/linked');
    expect(first.status).toBe(409);
    const codes = (body: { details: { transferId: string; code?: string }[] }) => body.details.map((d) => d.code);
    expect(codes(first.body)).toEqual(['LINKED_TRANSFER_FAILED', 'INSUFFICIENT_FUNDS']);

    await fund(wallet, 100);
    const again = await post({ transfers: group }, '/internal/transfers/linked');
    expect(again.status).toBe(409);
    expect(codes(again.body)).toEqual(['LINKED_TRANSFER_FAILED', 'INSUFFICIENT_FUNDS']);
    expect(await balanceOf(ds, wallet)).toBe(100);
    for (const t of group) expect(await transfers(t.transferId)).toBe(0);
  });

  it('the same ids sent at once over HTTP and Kafka, racing a top-up, each end in exactly one outcome', async () => {
    const ROUNDS = 30;
    const cases = Array.from({ length: ROUNDS }, () => ({ wallet: `user:${resident().id}`, id: `redeem:${uuidv7()}` }));
    // A third funded first (both doors would post), the rest racing the top-up, with the Kafka
    // copy sent a little before or at the same time as the HTTP request.
    const answers = await Promise.all(
      cases.map(async ({ wallet, id }, index) => {
        if (index % 3 === 0) await fund(wallet, 7);
        const kafkaCopies = Promise.all([onKafka(spend(id, wallet, 7)), onKafka(spend(id, wallet, 7))]); // and a redelivery
        await new Promise((resolve) => setTimeout(resolve, (index % 5) * 15));
        const [http] = await Promise.all([
          post(spend(id, wallet, 7)),
          index % 3 === 0 ? undefined : fund(wallet, 7),
          kafkaCopies,
        ]);
        return http;
      }),
    );
    for (const { wallet } of cases) await drain(wallet);
    await tap.caughtUp();

    let postedCount = 0;
    for (const [index, { wallet, id }] of cases.entries()) {
      const http = answers[index]!;
      const moved = await transfers(id);
      const refused = await refusals(id);
      // Exactly one outcome, and the HTTP caller was told that outcome.
      expect(moved + refused.length).toBe(1);
      if (moved === 1) {
        postedCount += 1;
        expect([200, 201]).toContain(http.status);
        expect(posted(id)).toHaveLength(1);
        expect(rejected(id)).toEqual([]);
        expect(await balanceOf(ds, wallet)).toBe(0);
      } else {
        expect(refused[0]!.reasonCode).toBe('INSUFFICIENT_FUNDS');
        expect(http.status).toBe(409);
        expect(http.body.code).toBe('INSUFFICIENT_FUNDS');
        expect(posted(id)).toEqual([]);
        expect(await balanceOf(ds, wallet)).toBe(7);
        // Whatever the Kafka requester heard is that refusal, with one payload.
        const heard = rejected(id);
        expect(new Set(heard.map((p) => JSON.stringify(p))).size).toBeLessThanOrEqual(1);
        for (const p of heard) expect(p.reasonCode).toBe('INSUFFICIENT_FUNDS');
      }
    }
    // Print the split, for the reader: both outcomes should occur over enough rounds.
    console.log(`concurrent HTTP+Kafka+top-up: ${postedCount} posted, ${ROUNDS - postedCount} refused`);
  });

  it('the table is append-only, for the service and for the owner alike', async () => {
    const before = (await ds.query(`SELECT count(*)::int AS n FROM transfer_refusals`)) as [{ n: number }];
    expect(before[0].n).toBeGreaterThan(0);
    // The service's own connection (the runtime role) has no right to rewrite it…
    await expect(ds.query(`UPDATE transfer_refusals SET reason_code = 'X'`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`DELETE FROM transfer_refusals`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`TRUNCATE transfer_refusals`)).rejects.toThrow(/permission denied/);
    // …and the owner, who may, is stopped by the append-only triggers.
    const owner = await ownerDataSource(config);
    try {
      await expect(owner.query(`UPDATE transfer_refusals SET reason_code = 'X'`)).rejects.toThrow(/not allowed/);
      await expect(owner.query(`DELETE FROM transfer_refusals`)).rejects.toThrow(/not allowed/);
      await expect(owner.query(`TRUNCATE transfer_refusals`)).rejects.toThrow(/not allowed/);
    } finally {
      await owner.destroy();
    }
    const after = (await ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE reason_code = 'X')::int AS x FROM transfer_refusals`,
    )) as [{ n: number; x: number }];
    expect(after[0]).toEqual({ n: before[0].n, x: 0 });
  });
});
