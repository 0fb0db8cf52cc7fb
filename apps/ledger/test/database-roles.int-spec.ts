/**
 * The ledger's database protects its own records:
 *
 * - the service's own connection (the runtime role) is refused every rewrite of a record —
 *   UPDATE, DELETE, TRUNCATE, ALTER, DROP — and nothing moves;
 * - chain format 2 covers every field of a transfer and of its entries: a DBA (the owner, with
 *   the guard triggers switched off) who changes any of them breaks the chain at that transfer;
 * - reconciliation checks entries against their transfers;
 * - links of format 1 (written before format 2) are still verified with their own formula.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { UserContext } from '@goodloop/common';
import request from 'supertest';
import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ledgerDataSourceOptions } from '../src/database/data-source';
import { runtimeRoleProblems } from '../src/database/runtime-role';
import {
  admin,
  asUser,
  countRows,
  dataSourceOf,
  ledgerTestConfig,
  ownerDataSource,
  resident,
  startLedger,
  waitFor,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('roles');
const ISSUANCE = 'issuance:community-points';
const SINK = 'sink:redemption';

jest.setTimeout(120_000);

interface ChainVerification {
  valid: boolean;
  length: number;
  head: { seq: string; hash: string } | null;
  brokenAt: { seq: string; transferId: string; reason: string } | null;
}

describe('ledger: the database protects its records', () => {
  let app: INestApplication;
  /** The service's own pool: the runtime role. */
  let service: DataSource;
  /** A second connection with the service's own settings, logging off (every statement here fails). */
  let runtime: DataSource;
  /** The owner, as a DBA. */
  let owner: DataSource;
  /** One owner connection with triggers and foreign keys off (`session_replication_role = replica`). */
  let dba: QueryRunner;
  const operator = admin();
  const story: Record<string, string> = {};
  let wallet: string;

  const http = () => request(app.getHttpServer());
  const transfer = (body: object) => http().post('/internal/transfers').set(asUser(operator)).send(body);
  const verify = async (): Promise<ChainVerification> =>
    (await http().get('/internal/chain/verify').set(asUser(operator)).expect(200)).body as ChainVerification;
  const reconcile = async () => (await http().post('/internal/reconciliation/run').set(asUser(operator)).expect(201)).body;
  const seqOf = async (transferId: string): Promise<string> =>
    (
      (await owner.query('SELECT seq::text AS seq FROM chain_links WHERE transfer_id = $1', [transferId])) as { seq: string }[]
    )[0]!.seq;
  /** Everything a rewrite could move: totals, entries, transfers, links, head. */
  const fingerprint = async (): Promise<unknown> =>
    owner.query(`
      SELECT (SELECT md5(string_agg(concat_ws(',', key, asset, debits_posted, credits_posted, debits_pending, credits_pending, frozen), ';' ORDER BY key, asset)) FROM accounts) AS accounts,
             (SELECT md5(string_agg(concat_ws(',', id, transfer_id, account_id, asset, amount, balance_after, created_at), ';' ORDER BY id)) FROM entries) AS entries,
             (SELECT md5(string_agg(to_jsonb(t)::text, ';' ORDER BY id)) FROM transfers t) AS transfers,
             (SELECT md5(string_agg(concat_ws(',', seq, transfer_id, prev_hash, hash, format), ';' ORDER BY seq)) FROM chain_links) AS links,
             (SELECT hash FROM chain_head) AS head`);

  async function fundedResident(points: number): Promise<UserContext> {
    const user = resident();
    await transfer({
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
    service = dataSourceOf(app);
    runtime = await new DataSource({
      ...ledgerDataSourceOptions(config),
      logging: false,
      poolSize: 1,
    } as DataSourceOptions).initialize();
    owner = await ownerDataSource(config);
    dba = owner.createQueryRunner();
    await dba.connect();
    await dba.query(`SET session_replication_role = replica`);

    const user = await fundedResident(100);
    wallet = `user:${user.id}`;
    const spend = { debitAccount: wallet, creditAccount: SINK, asset: 'POINTS', code: 'redeem' };
    story.spend = `redeem:${uuidv7()}`;
    story.hold = `redeem:hold:${uuidv7()}`;
    story.post = `redeem:post:${uuidv7()}`;
    story.reversal = `reversal:${uuidv7()}`;
    await transfer({ ...spend, transferId: story.spend, amount: 15, references: { description: 'cinema | ticket' } }).expect(201);
    await transfer({ ...spend, transferId: story.hold, amount: 30, pending: { timeoutSeconds: 600 } }).expect(201);
    await http()
      .post(`/internal/transfers/${story.hold}/post`)
      .set(asUser(operator))
      .send({ transferId: story.post, amount: 20 })
      .expect(201);
    await http()
      .post(`/internal/transfers/${story.spend}/reverse`)
      .set(asUser(operator))
      .send({ transferId: story.reversal })
      .expect(201);
    expect(await verify()).toMatchObject({ valid: true, length: 5 });
  });

  afterAll(async () => {
    await dba?.release();
    await owner?.destroy();
    await runtime?.destroy();
    await app?.close();
  });

  describe('the runtime role', () => {
    it('is the role the service runs as, and has no right it must not have', async () => {
      const [me] = (await service.query('SELECT current_user AS role')) as { role: string }[];
      expect(me!.role).toBe('goodloop_ledger_app');
      expect(await runtimeRoleProblems(service)).toEqual([]);
      // The owner, by contrast, could rewrite everything: the check sees it.
      expect((await runtimeRoleProblems(owner)).join('; ')).toMatch(/superuser|owns/);
    });

    it('is refused every rewrite of a record, with the service’s own connection settings, and nothing moves', async () => {
      const before = await fingerprint();
      const head = (await verify()).head;
      const attacks: [string, unknown[]?][] = [
        ['UPDATE transfers SET amount = amount + 1000 WHERE id = $1', [story.spend]],
        [`UPDATE transfers SET "references" = '{}'::jsonb WHERE id = $1`, [story.spend]],
        ['UPDATE transfers SET credit_account_id = debit_account_id WHERE id = $1', [story.spend]],
        ['DELETE FROM transfers WHERE id = $1', [story.reversal]],
        ['UPDATE entries SET amount = amount * 2 WHERE transfer_id = $1', [story.spend]],
        ['DELETE FROM entries'],
        ['UPDATE chain_links SET hash = repeat($1, 64)', ['f']],
        ['DELETE FROM chain_links'],
        ['UPDATE accounts SET key = $1 WHERE key = $2', ['user:mallory', wallet]],
        ['UPDATE accounts SET allow_negative = true WHERE key = $1', [wallet]],
        ['DELETE FROM accounts WHERE key = $1', [wallet]],
        ['DELETE FROM inbox'],
        ['UPDATE earn_rules SET points_per_hour = 1000'],
        ['DELETE FROM earn_log'],
        ['DELETE FROM reconciliation_runs'],
        ['INSERT INTO chain_head (id, seq, hash) VALUES (2, 0, $1)', ['x']],
        ['TRUNCATE entries'],
        ['TRUNCATE transfers CASCADE'],
        ['TRUNCATE chain_links'],
        ['TRUNCATE accounts CASCADE'],
        ['ALTER TABLE transfers DISABLE TRIGGER transfers_immutable'],
        ['ALTER TABLE entries ADD COLUMN note text'],
        ['ALTER TABLE accounts DROP CONSTRAINT accounts_non_negative_check'],
        ['DROP TABLE chain_links'],
        ['DROP TRIGGER entries_append_only ON entries'],
        ['CREATE TABLE shadow_entries (id bigint)'],
        ['SET session_replication_role = replica'],
      ];
      for (const [sql, params] of attacks) {
        const error = await runtime.query(sql, params).then(
          () => null,
          (e: { code?: string; message: string }) => e,
        );
        // 42501 insufficient_privilege: "permission denied for table …", "must be owner of table …".
        expect({ sql, code: error?.code, message: error?.message }).toEqual({
          sql,
          code: '42501',
          message: expect.stringMatching(/permission denied|must be owner/),
        });
      }
      expect(await fingerprint()).toEqual(before);
      expect(await verify()).toMatchObject({ valid: true, length: 5, head });
      expect(await reconcile()).toMatchObject({ status: 'ok', drifts: [] });
    });
  });

  describe('chain format 2', () => {
    it('writes every new link in format 2', async () => {
      expect(await countRows(owner, 'SELECT 1 FROM chain_links WHERE format <> 2')).toBe(0);
    });

    /**
     * Each field format 1 did not cover, changed by a DBA with the triggers off: the chain
     * breaks at that transfer's link, and heals when the field is put back.
     */
    const tampers: { what: string; transfer: keyof typeof story | 'wallet'; sql: string; undo: string }[] = [
      {
        what: "a transfer's references",
        transfer: 'spend',
        sql: `UPDATE transfers SET "references" = "references" || '{"description":"cinema"}' WHERE id = $1`,
        undo: `UPDATE transfers SET "references" = "references" || '{"description":"cinema | ticket"}' WHERE id = $1`,
      },
      {
        what: "a transfer's content hash",
        transfer: 'spend',
        sql: `UPDATE transfers SET content_hash = 'x' || content_hash WHERE id = $1`,
        undo: `UPDATE transfers SET content_hash = substr(content_hash, 2) WHERE id = $1`,
      },
      {
        what: "a transfer's expiry",
        transfer: 'spend',
        sql: `UPDATE transfers SET expires_at = '2030-01-01Z' WHERE id = $1`,
        undo: `UPDATE transfers SET expires_at = NULL WHERE id = $1`,
      },
      {
        what: "a transfer's linked group",
        transfer: 'spend',
        sql: `UPDATE transfers SET linked_group = 'g' WHERE id = $1`,
        undo: `UPDATE transfers SET linked_group = NULL WHERE id = $1`,
      },
      {
        what: "a hold's timeout",
        transfer: 'hold',
        sql: `UPDATE transfers SET timeout_at = timeout_at + interval '1 day' WHERE id = $1`,
        undo: `UPDATE transfers SET timeout_at = timeout_at - interval '1 day' WHERE id = $1`,
      },
      {
        what: "a hold's status (posted, made voided)",
        transfer: 'hold',
        sql: `UPDATE transfers SET status = 'voided' WHERE id = $1`,
        undo: `UPDATE transfers SET status = 'posted' WHERE id = $1`,
      },
      {
        what: "an entry's account",
        transfer: 'spend',
        sql: `UPDATE entries SET account_id = (SELECT id FROM accounts WHERE key = '${ISSUANCE}') WHERE transfer_id = $1 AND amount < 0`,
        undo: `UPDATE entries SET account_id = (SELECT debit_account_id FROM transfers WHERE id = $1) WHERE transfer_id = $1 AND amount < 0`,
      },
      {
        what: "an entry's amount",
        transfer: 'post',
        sql: `UPDATE entries SET amount = amount - 1 WHERE transfer_id = $1 AND amount < 0`,
        undo: `UPDATE entries SET amount = amount + 1 WHERE transfer_id = $1 AND amount < 0`,
      },
      {
        what: "an entry's running balance",
        transfer: 'post',
        sql: `UPDATE entries SET balance_after = balance_after + 1 WHERE transfer_id = $1 AND amount > 0`,
        undo: `UPDATE entries SET balance_after = balance_after - 1 WHERE transfer_id = $1 AND amount > 0`,
      },
      {
        what: "an entry's asset",
        transfer: 'reversal',
        sql: `UPDATE entries SET asset = 'CNY' WHERE transfer_id = $1 AND amount > 0`,
        undo: `UPDATE entries SET asset = 'POINTS' WHERE transfer_id = $1 AND amount > 0`,
      },
      {
        what: "an entry's time",
        transfer: 'reversal',
        sql: `UPDATE entries SET created_at = created_at - interval '1 hour' WHERE transfer_id = $1`,
        undo: `UPDATE entries SET created_at = created_at + interval '1 hour' WHERE transfer_id = $1`,
      },
      {
        what: "an entry's id",
        transfer: 'reversal',
        sql: `UPDATE entries SET id = id + 1000000 WHERE transfer_id = $1 AND amount > 0`,
        undo: `UPDATE entries SET id = id - 1000000 WHERE transfer_id = $1 AND amount > 0`,
      },
      {
        what: 'an entry removed',
        transfer: 'post',
        sql: `WITH gone AS (DELETE FROM entries WHERE transfer_id = $1 AND amount > 0 RETURNING *)
              INSERT INTO entries (id, transfer_id, account_id, asset, amount, balance_after, created_at)
              SELECT -id, 'parked:' || transfer_id, account_id, asset, amount, balance_after, created_at FROM gone`,
        undo: `WITH back AS (DELETE FROM entries WHERE transfer_id = 'parked:' || $1 RETURNING *)
               INSERT INTO entries (id, transfer_id, account_id, asset, amount, balance_after, created_at)
               SELECT -id, $1, account_id, asset, amount, balance_after, created_at FROM back`,
      },
      {
        what: 'an entry added',
        transfer: 'spend',
        sql: `INSERT INTO entries (transfer_id, account_id, asset, amount, balance_after)
              SELECT id, credit_account_id, asset, 1, 0 FROM transfers WHERE id = $1`,
        undo: `DELETE FROM entries WHERE transfer_id = $1 AND amount = 1`,
      },
    ];

    it.each(tampers)('breaks at the transfer when a DBA changes $what', async ({ transfer: which, sql, undo }) => {
      const id = story[which]!;
      const seq = await seqOf(id);
      await dba.query(sql, [id]);
      try {
        const broken = await verify();
        expect(broken).toMatchObject({ valid: false, head: null, brokenAt: { seq, transferId: id } });
        expect(broken.length).toBe(Number(seq) - 1);
      } finally {
        await dba.query(undo, [id]);
      }
      expect(await verify()).toMatchObject({ valid: true, length: 5 });
    });
  });

  describe('reconciliation of entries against transfers', () => {
    const health = async () =>
      (await http().get('/internal/health').expect(200)).body as { status: string; checks: Record<string, { ok: boolean }> };

    it("reports an entry whose amount a DBA changed: the transfer's leg, its sum and the account, and degrades health", async () => {
      await waitFor(health, (h) => h.status === 'ok', { what: 'health ok', timeoutMs: 30_000 });
      await dba.query(`UPDATE entries SET amount = amount - 1 WHERE transfer_id = $1 AND amount < 0`, [story.post]);
      try {
        const run = await reconcile();
        expect(run.status).toBe('drift');
        expect(run.drifts).toEqual(
          expect.arrayContaining([
            { accountKey: wallet, asset: 'POINTS', field: 'balance', stored: '80', recomputed: '79' },
            { accountKey: wallet, asset: 'POINTS', field: 'entries', stored: '-21', recomputed: '-20', transferId: story.post },
            { accountKey: wallet, asset: 'POINTS', field: 'transfer_sum', stored: '-1', recomputed: '0', transferId: story.post },
          ]),
        );
        expect(run.drifts).toHaveLength(3);
        const report = await health();
        expect(report.status).toBe('degraded');
        expect(report.checks.reconciliation).toMatchObject({ ok: false, drifts: 3 });
      } finally {
        await dba.query(`UPDATE entries SET amount = amount + 1 WHERE transfer_id = $1 AND amount < 0`, [story.post]);
      }
      expect(await reconcile()).toMatchObject({ status: 'ok', drifts: [] });
    });

    it('reports a posted transfer without its entries and entries without their transfer', async () => {
      // The spend's two entries moved to a transfer id that does not exist (foreign keys off).
      const orphan = `gone:${uuidv7()}`;
      await dba.query(`UPDATE entries SET transfer_id = $2 WHERE transfer_id = $1`, [story.spend, orphan]);
      try {
        const run = await reconcile();
        expect(run.drifts).toEqual(
          expect.arrayContaining([
            { accountKey: wallet, asset: 'POINTS', field: 'entries', stored: '0', recomputed: '-15', transferId: story.spend },
            { accountKey: SINK, asset: 'POINTS', field: 'entries', stored: '0', recomputed: '15', transferId: story.spend },
            { accountKey: wallet, asset: 'POINTS', field: 'entries', stored: '-15', recomputed: '0', transferId: orphan },
            { accountKey: SINK, asset: 'POINTS', field: 'entries', stored: '15', recomputed: '0', transferId: orphan },
          ]),
        );
        expect(run.drifts).toHaveLength(4);
      } finally {
        await dba.query(`UPDATE entries SET transfer_id = $1 WHERE transfer_id = $2`, [story.spend, orphan]);
      }
      expect(await reconcile()).toMatchObject({ status: 'ok', drifts: [] });
    });
  });

  describe('links of format 1', () => {
    it('are verified with their own formula, and format-2 links follow them', async () => {
      // The chain as a ledger before format 2 wrote it: every link re-hashed by format 1's
      // formula (ledger-chain.v1.sql's text, in SQL, not the verifier's code), head moved.
      await dba.query(`
        DO $$
        DECLARE r record; v_hash text := repeat('0', 64); v_seq bigint := 0;
        BEGIN
          FOR r IN SELECT l.seq, concat_ws('|', t.id, t.op, d.key, c.key, t.asset, t.amount::text, t.code,
                                           coalesce(t.pending_id, ''), coalesce(t.reverses_id, ''), t.caused_by,
                                           ((extract(epoch FROM t.created_at) * 1000000)::bigint)::text) AS text
                     FROM chain_links l JOIN transfers t ON t.id = l.transfer_id
                     JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
                    ORDER BY l.seq LOOP
            UPDATE chain_links SET prev_hash = v_hash, format = 1,
                   hash = encode(sha256(convert_to(v_hash || '|' || r.seq || '|' || r.text, 'UTF8')), 'hex')
             WHERE seq = r.seq RETURNING hash INTO v_hash;
            v_seq := r.seq;
          END LOOP;
          UPDATE chain_head SET seq = v_seq, hash = v_hash WHERE id = 1;
        END $$`);
      const old = await verify();
      expect(old).toMatchObject({ valid: true, length: 5 });

      await fundedResident(3);
      const mixed = await verify();
      expect(mixed).toMatchObject({ valid: true, length: 6 });
      expect((await owner.query('SELECT format FROM chain_links ORDER BY seq')) as { format: number }[]).toEqual([
        ...Array.from({ length: 5 }, () => ({ format: 1 })),
        { format: 2 },
      ]);

      // Format 1 never covered an entry: changing one under a format-1 link leaves the chain as
      // it was (reconciliation is what sees that), while the format-2 link breaks.
      await dba.query(`UPDATE entries SET balance_after = balance_after + 1 WHERE transfer_id = $1`, [story.spend]);
      try {
        expect(await verify()).toMatchObject({ valid: true, length: 6 });
      } finally {
        await dba.query(`UPDATE entries SET balance_after = balance_after - 1 WHERE transfer_id = $1`, [story.spend]);
      }
      await dba.query(`UPDATE transfers SET amount = amount + 1 WHERE id = $1`, [story.spend]);
      try {
        expect(await verify()).toMatchObject({ valid: false, brokenAt: { transferId: story.spend } });
      } finally {
        await dba.query(`UPDATE transfers SET amount = amount - 1 WHERE id = $1`, [story.spend]);
      }
      expect(await verify()).toMatchObject({ valid: true, length: 6, head: mixed.head });
    });
  });
});
