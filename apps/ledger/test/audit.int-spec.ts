/**
 * The ledger's audit trail: the hash chain over postings (verified from the stored transfers,
 * broken by a rewritten transfer or a removed link), the database refusing to rewrite history,
 * and the reconciliation of every account's totals against its entries and open holds — with
 * the drift it reports, the health it degrades and the metric it sets.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { UserContext } from '@goodloop/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  admin,
  asUser,
  balanceOf,
  countRows,
  ledgerTestConfig,
  ownerDataSource,
  resident,
  startLedger,
  waitFor,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('audit');
const ISSUANCE = 'issuance:community-points';
const SINK = 'sink:redemption';

jest.setTimeout(120_000);

interface ChainVerification {
  valid: boolean;
  length: number;
  head: { seq: string; hash: string } | null;
  brokenAt: { seq: string; transferId: string; reason: string } | null;
  verifiedAt: string;
}

describe('ledger: audit', () => {
  let app: INestApplication;
  /** The database as its owner (a DBA): the service's own role could not tamper at all. */
  let ds: DataSource;
  /** The same, a second pool: statements the database's triggers are meant to refuse. */
  let quiet: DataSource;
  const operator = admin();
  const staff = resident({
    displayName: 'Foundation staff',
    memberships: [{ orgId: uuidv7(), orgName: '基金会', orgKind: 'foundation', role: 'foundation_staff' }],
  });

  const http = () => request(app.getHttpServer());
  const transfer = (body: object) => http().post('/internal/transfers').set(asUser(operator)).send(body);
  const verify = async (): Promise<ChainVerification> =>
    (await http().get('/internal/chain/verify').set(asUser(operator)).expect(200)).body as ChainVerification;
  const transferCount = () => countRows(ds, 'SELECT 1 FROM transfers');
  const linkSeqOf = async (transferId: string): Promise<string> => {
    const [row] = (await ds.query('SELECT seq::text AS seq FROM chain_links WHERE transfer_id = $1', [transferId])) as {
      seq: string;
    }[];
    return row!.seq;
  };

  /** Runs `sql` with a guard trigger switched off, as a database owner could, and switches it back on. */
  async function withoutTrigger(table: string, trigger: string, sql: string, params: unknown[] = []): Promise<void> {
    await ds.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    try {
      await ds.query(sql, params);
    } finally {
      await ds.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    }
  }

  /** A resident with `points` issued to them. */
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
    ds = await ownerDataSource(config);
    quiet = await ownerDataSource(config);
  });

  afterAll(async () => {
    await quiet?.destroy();
    await ds?.destroy();
    await app?.close();
  });

  describe('hash chain', () => {
    /** Ids of the story's transfers after the opening adjustment: a spend, a hold posted in part, a hold voided, the spend's reversal. */
    const story: Record<string, string> = {};

    beforeAll(async () => {
      const user = await fundedResident(100);
      const wallet = `user:${user.id}`;
      story.spend = `redeem:${uuidv7()}`;
      story.hold = `redeem:hold:${uuidv7()}`;
      story.holdPost = `redeem:post:${uuidv7()}`;
      story.hold2 = `redeem:hold:${uuidv7()}`;
      story.hold2Void = `redeem:void:${uuidv7()}`;
      story.reversal = `reversal:${uuidv7()}`;
      const spend = { debitAccount: wallet, creditAccount: SINK, asset: 'POINTS', code: 'redeem' };
      await transfer({ ...spend, transferId: story.spend, amount: 15 }).expect(201);
      const held = await transfer({ ...spend, transferId: story.hold, amount: 30, pending: { timeoutSeconds: 600 } }).expect(201);
      expect(held.body).toMatchObject({ status: 'pending' });
      await http()
        .post(`/internal/transfers/${story.hold}/post`)
        .set(asUser(operator))
        .send({ transferId: story.holdPost, amount: 20 })
        .expect(201);
      await transfer({ ...spend, transferId: story.hold2, amount: 10, pending: { timeoutSeconds: 600 } }).expect(201);
      await http()
        .post(`/internal/transfers/${story.hold2}/void`)
        .set(asUser(operator))
        .send({ transferId: story.hold2Void })
        .expect(201);
      await http()
        .post(`/internal/transfers/${story.spend}/reverse`)
        .set(asUser(operator))
        .send({ transferId: story.reversal })
        .expect(201);
      // 100 − 15 − 20 + 15: the voided hold took nothing.
      expect(await balanceOf(ds, wallet)).toBe(80);
    });

    it('verifies a chain with one link per transfer, whose head moves with the next transfer', async () => {
      const n = await transferCount();
      expect(n).toBe(7); // adjust, spend, hold, post, hold, void, reversal
      const first = await verify();
      expect(first).toEqual({
        valid: true,
        length: n,
        head: { seq: String(n), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        brokenAt: null,
        verifiedAt: expect.any(String),
      });
      // Every transfer, whatever its op, has exactly one link, numbered 1 … n.
      expect(await countRows(ds, 'SELECT 1 FROM chain_links')).toBe(n);
      expect(await countRows(ds, 'SELECT DISTINCT transfer_id FROM chain_links')).toBe(n);
      for (const id of Object.values(story)) expect(Number(await linkSeqOf(id))).toBeGreaterThan(1);

      await fundedResident(5);
      const second = await verify();
      expect(second).toMatchObject({ valid: true, length: n + 1, brokenAt: null });
      expect(second.head).toEqual({ seq: String(n + 1), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(second.head!.hash).not.toBe(first.head!.hash);
      // The head an auditor kept is still in the chain, at its place, and the new link follows it.
      const links = (await ds.query('SELECT seq::text AS seq, prev_hash, hash FROM chain_links WHERE seq >= $1 ORDER BY seq', [
        n,
      ])) as { seq: string; prev_hash: string; hash: string }[];
      expect(links).toEqual([
        { seq: String(n), prev_hash: expect.any(String), hash: first.head!.hash },
        { seq: String(n + 1), prev_hash: first.head!.hash, hash: second.head!.hash },
      ]);
    });

    it('breaks at the link of a transfer whose amount was rewritten behind the triggers, and heals when it is put back', async () => {
      const seq = await linkSeqOf(story.spend!);
      await withoutTrigger('transfers', 'transfers_immutable', 'UPDATE transfers SET amount = amount + 1 WHERE id = $1', [
        story.spend,
      ]);
      try {
        const tampered = await verify();
        expect(tampered).toEqual({
          valid: false,
          length: Number(seq) - 1, // the links before it still check out
          head: null,
          brokenAt: { seq, transferId: story.spend, reason: expect.stringContaining('differs') },
          verifiedAt: expect.any(String),
        });
      } finally {
        await withoutTrigger('transfers', 'transfers_immutable', 'UPDATE transfers SET amount = amount - 1 WHERE id = $1', [
          story.spend,
        ]);
      }
      expect((await verify()).valid).toBe(true);
    });

    it('breaks when the last link is removed: the head is no longer the last link', async () => {
      const n = await transferCount();
      const [last] = (await ds.query('SELECT seq, transfer_id, prev_hash, hash, format FROM chain_links WHERE seq = $1', [
        n,
      ])) as {
        seq: string;
        transfer_id: string;
        prev_hash: string;
        hash: string;
        format: number;
      }[];
      expect(last).toBeDefined();
      await withoutTrigger('chain_links', 'chain_links_append_only', 'DELETE FROM chain_links WHERE seq = $1', [n]);
      try {
        const cut = await verify();
        expect(cut).toMatchObject({
          valid: false,
          length: n - 1,
          head: null,
          brokenAt: { seq: String(n), reason: expect.stringContaining('head') },
        });
      } finally {
        // Appending is allowed: the link goes back exactly as it was.
        await ds.query('INSERT INTO chain_links (seq, transfer_id, prev_hash, hash, format) VALUES ($1, $2, $3, $4, $5)', [
          last!.seq,
          last!.transfer_id,
          last!.prev_hash,
          last!.hash,
          last!.format,
        ]);
      }
      expect(await verify()).toMatchObject({ valid: true, length: n });
    });

    it('is refused any rewrite of links, entries or transfers while the guards are on', async () => {
      await expect(quiet.query(`UPDATE chain_links SET hash = repeat('f', 64) WHERE seq = 1`)).rejects.toThrow(
        /UPDATE on chain_links is not allowed/,
      );
      await expect(quiet.query('DELETE FROM chain_links WHERE seq = 1')).rejects.toThrow(/DELETE on chain_links is not allowed/);
      await expect(quiet.query('UPDATE entries SET amount = amount * 2 WHERE transfer_id = $1', [story.spend])).rejects.toThrow(
        /UPDATE on entries is not allowed/,
      );
      await expect(quiet.query('DELETE FROM entries WHERE transfer_id = $1', [story.spend])).rejects.toThrow(
        /DELETE on entries is not allowed/,
      );
      await expect(quiet.query('UPDATE transfers SET amount = 1 WHERE id = $1', [story.spend])).rejects.toThrow(/immutable/);
      const [row] = (await ds.query('SELECT amount::int AS amount FROM transfers WHERE id = $1', [story.spend])) as {
        amount: number;
      }[];
      expect(row!.amount).toBe(15);
      expect(await verify()).toMatchObject({ valid: true, length: await transferCount() });
    });

    // Verification reads links and head in one snapshot: a transfer committed meanwhile is simply
    // not part of what it checks, and never makes a sound chain look broken.
    it('stays valid while transfers are being written', async () => {
      const user = await fundedResident(10_000);
      let writing = true;
      const writer = (async () => {
        while (writing) {
          await Promise.all(
            Array.from({ length: 10 }, () =>
              transfer({
                transferId: `redeem:${uuidv7()}`,
                debitAccount: `user:${user.id}`,
                creditAccount: SINK,
                asset: 'POINTS',
                amount: 1,
                code: 'redeem',
              }).expect(201),
            ),
          );
        }
      })();
      const results: ChainVerification[] = [];
      try {
        for (let i = 0; i < 40; i += 1) results.push(await verify());
      } finally {
        writing = false;
        await writer;
      }
      expect(results.filter((r) => !r.valid)).toEqual([]);
      expect(await verify()).toMatchObject({ valid: true, length: await transferCount() });
    });

    it('is for admins and foundation staff only', async () => {
      await http().get('/internal/chain/verify').set(asUser(resident())).expect(403);
      expect((await http().get('/internal/chain/verify').set(asUser(staff)).expect(200)).body).toMatchObject({ valid: true });
    });
  });

  describe('reconciliation', () => {
    const run = async () => (await http().post('/internal/reconciliation/run').set(asUser(operator)).expect(201)).body;
    const health = async () =>
      (await http().get('/internal/health').expect(200)).body as {
        status: string;
        checks: Record<string, { ok: boolean; [k: string]: unknown }>;
      };
    const metrics = async () => (await http().get('/internal/metrics').set(asUser()).expect(200)).text;

    it('finds every account in agreement with its history', async () => {
      const accounts = await countRows(ds, 'SELECT 1 FROM accounts');
      expect(await run()).toEqual({ status: 'ok', checkedAt: expect.any(String), accountsChecked: accounts, drifts: [] });
      // Health also waits on Kafka and Redis, which come up on their own time.
      const report = await waitFor(health, (h) => h.status === 'ok', { what: 'health ok', timeoutMs: 30_000 });
      expect(report.checks.reconciliation).toMatchObject({ ok: true, status: 'ok', drifts: 0 });
      expect(await metrics()).toMatch(/^goodloop_ledger_reconciliation_drifts 0$/m);
    });

    it('reports a posted total changed around the engine, degrades health until it is put back', async () => {
      const user = await fundedResident(70);
      const key = `user:${user.id}`;
      await ds.query('UPDATE accounts SET credits_posted = credits_posted + 7 WHERE key = $1', [key]);
      try {
        const accounts = await countRows(ds, 'SELECT 1 FROM accounts');
        const drift = await run();
        expect(drift).toEqual({
          status: 'drift',
          checkedAt: expect.any(String),
          accountsChecked: accounts,
          drifts: [{ accountKey: key, asset: 'POINTS', field: 'balance', stored: '77', recomputed: '70' }],
        });
        const last = await http().get('/internal/reconciliation').set(asUser(operator)).expect(200);
        expect(last.body).toEqual(drift);
        const report = await health();
        expect(report.status).toBe('degraded');
        expect(report.checks.reconciliation).toEqual({ ok: false, status: 'drift', checkedAt: drift.checkedAt, drifts: 1 });
        expect(await metrics()).toMatch(/^goodloop_ledger_reconciliation_drifts 1$/m);
      } finally {
        await ds.query('UPDATE accounts SET credits_posted = credits_posted - 7 WHERE key = $1', [key]);
      }
      expect(await run()).toMatchObject({ status: 'ok', drifts: [] });
      const healed = await health();
      expect(healed.status).toBe('ok');
      expect(healed.checks.reconciliation!.ok).toBe(true);
      expect(await metrics()).toMatch(/^goodloop_ledger_reconciliation_drifts 0$/m);
    });

    it('reports pending totals that no open hold explains', async () => {
      const user = await fundedResident(40);
      const key = `user:${user.id}`;
      // One real hold of 10, so the recomputed side is not simply zero.
      await transfer({
        transferId: `redeem:hold:${uuidv7()}`,
        debitAccount: key,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 10,
        code: 'redeem',
        pending: { timeoutSeconds: 600 },
      }).expect(201);
      const sinkPending = (await ds.query(`SELECT credits_pending::text AS c FROM accounts WHERE key = $1`, [SINK])) as {
        c: string;
      }[];
      expect(sinkPending[0]!.c).toBe('10');
      await ds.query('UPDATE accounts SET debits_pending = debits_pending + 5 WHERE key = $1', [key]);
      try {
        const drift = await run();
        expect(drift).toMatchObject({
          status: 'drift',
          drifts: [{ accountKey: key, asset: 'POINTS', field: 'pending', stored: '15/0', recomputed: '10/0' }],
        });
      } finally {
        await ds.query('UPDATE accounts SET debits_pending = debits_pending - 5 WHERE key = $1', [key]);
      }
      expect(await run()).toMatchObject({ status: 'ok', drifts: [] });
    });

    it('lets foundation staff read the outcome but only admins run it; residents see neither', async () => {
      await http().get('/internal/reconciliation').set(asUser(resident())).expect(403);
      await http().post('/internal/reconciliation/run').set(asUser(resident())).expect(403);
      const seen = await http().get('/internal/reconciliation').set(asUser(staff)).expect(200);
      expect(seen.body).toMatchObject({ status: 'ok', drifts: [] });
      await http().post('/internal/reconciliation/run').set(asUser(staff)).expect(403);
      // Metrics sit behind the internal token like every internal route.
      await http().get('/internal/metrics').expect(401);
    });
  });
});
