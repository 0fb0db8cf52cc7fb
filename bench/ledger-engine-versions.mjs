#!/usr/bin/env node
/**
 * `node bench/ledger-engine-versions.mjs`: what a posting-engine version costs against the one before it,
 * measured inside PostgreSQL only, in one database, calls interleaved — so the machine's other
 * load weighs on both alike (the full `bench:ledger` moves by ±20 % between runs and more on a
 * busy machine, far more than a small change to the engine costs).
 *
 * A scratch database gets the ledger's migrations (from dist/: `node scripts/build.mjs
 * --backend` first, or a `bench:ledger` run) and, beside the installed `ledger_apply`, the
 * previous version's `ledger_apply` under another name. Then, alternating which goes first,
 * batches of `BENCH_ENGINE_BATCH` 1-point wallet→wallet transfers with fresh ids go to each, on
 * the bulk path (every command can be applied) and on the command-by-command path (the batch
 * carries one overdraw, refused); commands look like a Kafka requester's (`emitRejected`,
 * `record`). Prints the median time per call and the ratio per path.
 *
 * Settings: BENCH_ENGINE_ROUNDS (30), BENCH_ENGINE_BATCH (1000), BENCH_ENGINE_WALLETS (1000),
 * BENCH_ENGINE_PREVIOUS (ledger-apply.v2), PGHOST/PGPORT/PGUSER/PGPASSWORD.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from '../scripts/lib/infra.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { DataSource } = require('typeorm');

const ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS ?? 30);
const BATCH = Number(process.env.BENCH_ENGINE_BATCH ?? 1000);
const WALLETS = Number(process.env.BENCH_ENGINE_WALLETS ?? 1000);
const PREVIOUS = process.env.BENCH_ENGINE_PREVIOUS ?? 'ledger-apply.v2';
const DB = `goodloop_bench_engine_${process.pid}`;
const host = process.env.PGHOST ?? '127.0.0.1';
const port = Number(process.env.PGPORT ?? 5432);
const user = process.env.PGUSER ?? 'postgres';
const password = process.env.PGPASSWORD ?? '';
const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${DB}`;
const dist = join(root, 'dist/apps/ledger/src');

const admin = new Client({ host, port, user, password, database: 'postgres' });
await admin.connect();
await admin.query(`CREATE DATABASE ${DB}`);
let client;
try {
  process.env.DATABASE_URL = url;
  const { LEDGER_MIGRATIONS } = require(join(dist, 'database/data-source.js'));
  const { engineMessages } = require(join(dist, 'transfers/ledger-engine.js'));
  const ds = new DataSource({ type: 'postgres', url, migrations: LEDGER_MIGRATIONS, logging: false });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();

  client = new Client({ connectionString: url });
  await client.connect();
  const previous = readFileSync(join(dist, `database/sql/${PREVIOUS}.sql`), 'utf8');
  const marker = 'CREATE FUNCTION ledger_apply(p_accounts jsonb';
  await client.query(
    previous.slice(previous.indexOf(marker)).replace(marker, 'CREATE FUNCTION ledger_apply_previous(p_accounts jsonb'),
  );
  const messages = engineMessages('ledger');

  const wallets = Array.from({ length: WALLETS }, (_, i) => `user:00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
  const account = (key) =>
    key.startsWith('issuance:')
      ? { key, asset: 'POINTS', kind: 'issuance', neg: true }
      : { key, asset: 'POINTS', kind: 'user_wallet', neg: false };
  let seq = 0;
  const command = (debit, credit, amount) => ({
    id: `bench:${++seq}`,
    op: 'transfer',
    hash: `h${seq}`,
    debit,
    credit,
    asset: 'POINTS',
    amount,
    code: 'adjust',
    causedBy: `message:${randomUUID()}`,
    msgId: randomUUID(),
    correlationId: randomUUID(),
    emitRejected: true,
    record: true,
  });
  const call = async (fn, commands) => {
    const accounts = [...new Set(commands.flatMap((c) => [c.debit, c.credit]))].map(account);
    const started = performance.now();
    await client.query(`SELECT ${fn}($1::jsonb, $2::jsonb, $3::jsonb)`, [
      JSON.stringify(accounts),
      JSON.stringify(commands),
      messages,
    ]);
    return performance.now() - started;
  };
  // Funds: plenty in every wallet.
  for (let at = 0; at < WALLETS; at += 500) {
    await call(
      'ledger_apply',
      wallets.slice(at, at + 500).map((w) => command('issuance:bench', w, 1_000_000)),
    );
  }
  const batch = (withRefusal) => {
    const list = Array.from({ length: BATCH }, () => {
      const a = Math.floor(Math.random() * WALLETS);
      const b = (a + 1 + Math.floor(Math.random() * (WALLETS - 1))) % WALLETS;
      return command(wallets[a], wallets[b], 1);
    });
    if (withRefusal) list[Math.floor(BATCH / 2)] = command(wallets[0], wallets[1], 1_000_000_000);
    return list;
  };

  const times = { bulk: { previous: [], current: [] }, oneByOne: { previous: [], current: [] } };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const path of ['bulk', 'oneByOne']) {
      const order = round % 2 === 0 ? ['previous', 'current'] : ['current', 'previous'];
      for (const version of order) {
        const fn = version === 'previous' ? 'ledger_apply_previous' : 'ledger_apply';
        times[path][version].push(await call(fn, batch(path === 'oneByOne')));
      }
    }
  }
  const median = (list) => {
    const sorted = [...list].sort((x, y) => x - y);
    return sorted[Math.floor(sorted.length / 2)];
  };
  console.log(`posting engine: installed vs ${PREVIOUS}, ${ROUNDS} interleaved rounds of ${BATCH} commands`);
  console.log('path          previous ms  current ms  current ÷ previous');
  const result = {};
  for (const path of ['bulk', 'oneByOne']) {
    const p = median(times[path].previous);
    const c = median(times[path].current);
    result[path] = { previous_ms: p, current_ms: c, ratio: c / p };
    console.log(
      `${path.padEnd(12)}  ${p.toFixed(1).padStart(11)}  ${c.toFixed(1).padStart(10)}  ${(c / p).toFixed(3).padStart(18)}`,
    );
  }
  console.log(JSON.stringify(result));
} finally {
  await client?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}
