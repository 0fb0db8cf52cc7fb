#!/usr/bin/env node
/**
 * `npm run bench:redemption`: how fast residents redeem rewards through the public API on this
 * machine, measured against what PostgreSQL itself manages here (pgbench TPC-B), in one run:
 *
 *   P       pgbench -c 8 -j 2 -M prepared TPC-B tps on a scratch database (scale 10)
 *   spread  50 residents, one request each in flight, each redeeming 1 unit of a random one of
 *           200 rewards: POST /api/v1/redemptions through the gateway until the pickup code is
 *           there (the 201 `held` answer, or GET /api/v1/redemptions/:id after a 202 `holding`)
 *   hot     the same, every resident redeeming the one reward (plenty of stock)
 *
 * The figures are redemptions that reached `held` per second, and p50/p99 of the time from
 * sending the POST to having the pickup code. Requests started during the warm-up or finished
 * after the window do not count.
 *
 * The platform: the one answering at BENCH_BASE_URL (default http://127.0.0.1:$PORT, port 3000)
 * when it is healthy; otherwise the bench starts it with `node scripts/start.mjs` (which builds
 * it and loads the demo data), with the gateway's rate limits raised so that they do not cap the
 * figures, and stops it at the end. A running platform keeps its own limits: the per-user write
 * limit (RATE_LIMIT_WRITES_PER_MINUTE, 120 by default) caps each resident at 2 redemptions/s, and
 * the report counts the 429s.
 *
 * Set-up goes through the public API only: the demo admin, business and foundation accounts
 * sign in; the residents register (bench-<run>-<n>@bench.goodloop.local), are verified by the
 * admin and get points with `POST /ledger/transfers` (issuance:community-points → user:<id>,
 * code adjust); the business pledges one lot per reward for 爱心企业联盟, the foundation
 * receives each lot and offers it as a reward (1 point, valid for 6 hours, so that the bench's
 * rewards leave the catalogue by themselves). Every write carries an Idempotency-Key. At the end
 * the redemptions still held are cancelled (BENCH_CANCEL_HELD=0 keeps them), the pgbench scratch
 * database is dropped, and a platform the bench started is stopped, also on failure or Ctrl-C.
 *
 * Prints a table with PASS/MISS per target and writes bench/results/redemption.json. Never part
 * of the test suite. Settings: see the `settings` object below.
 */
import { fork, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { measurePgbench } from './lib/pgbench.mjs';

const LOAD_GENERATOR_FLAG = '--load-generator';
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

function setting(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function readSettings() {
  const PHASES = ['pgbench', 'spread', 'hot'];
  const settings = {
    pgbenchSeconds: setting('BENCH_PGBENCH_SECONDS', 30),
    pgbenchScale: setting('BENCH_PGBENCH_SCALE', 10),
    warmupSeconds: setting('BENCH_WARMUP_SECONDS', 3),
    phaseSeconds: setting('BENCH_PHASE_SECONDS', 20),
    residents: setting('BENCH_RESIDENTS', 50),
    rewards: setting('BENCH_REWARDS', 200),
    stockPerReward: setting('BENCH_STOCK_PER_REWARD', 2_000),
    hotStock: setting('BENCH_HOT_STOCK', 200_000),
    pointsPerResident: setting('BENCH_POINTS_PER_RESIDENT', 1_000_000),
    pollMs: setting('BENCH_POLL_MS', 20),
    maxWaitSeconds: setting('BENCH_MAX_WAIT_SECONDS', 30),
    setupConcurrency: setting('BENCH_SETUP_CONCURRENCY', 8),
    startTimeoutSeconds: setting('BENCH_START_TIMEOUT_SECONDS', 600),
    cancelSeconds: setting('BENCH_CANCEL_SECONDS', 120),
    cancelHeld: process.env.BENCH_CANCEL_HELD !== '0',
    baseUrl: (process.env.BENCH_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, ''),
    demoPassword: process.env.BENCH_DEMO_PASSWORD ?? 'GoodLoop-demo-2026',
    demoDomain: process.env.BENCH_DEMO_DOMAIN ?? 'demo.goodloop.local',
    businessOrgName: process.env.BENCH_BUSINESS_ORG ?? '爱心企业联盟',
    phases: (process.env.BENCH_ONLY ?? PHASES.join(','))
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
  for (const phase of settings.phases) {
    if (!PHASES.includes(phase)) throw new Error(`BENCH_ONLY: unknown phase "${phase}" (phases: ${PHASES.join(', ')})`);
  }
  if (settings.stockPerReward > 1_000_000 || settings.hotStock > 1_000_000) {
    throw new Error('BENCH_STOCK_PER_REWARD and BENCH_HOT_STOCK are pledge quantities: at most 1,000,000');
  }
  return settings;
}

const TARGETS = { spread: 0.25, spreadP99Ms: 150, hot: 0.1 };
/** While the bench's own platform runs: limits far above what the bench asks of it. */
const RAISED_RATE_LIMITS = {
  RATE_LIMIT_WRITES_PER_MINUTE: '100000',
  RATE_LIMIT_REGISTER_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: '100000',
  RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
};
const RUN_ID = `bench-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(Number(value).toFixed(digits)));
const fmt = (value, digits = 1) => (value === null || value === undefined ? '—' : Number(value).toFixed(digits));

// ---------------------------------------------------------------------------------------------
// The bench (parent process)
// ---------------------------------------------------------------------------------------------

async function benchMain() {
  const { ensureDependencies, ensurePostgresAndRedis, log, root } = await import('../scripts/lib/infra.mjs');
  const settings = readSettings();
  const RESULTS_DIR = join(root, 'bench', 'results');
  const PLATFORM_LOG = join(RESULTS_DIR, 'redemption-platform.log');
  const API = `${settings.baseUrl}/api/v1`;
  const PG = {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
  };
  let pg;

  // ------------------------------------------------------------------------- clean-up
  const state = {
    children: new Set(),
    databases: new Set(),
    platform: null,
    cleaning: null,
    interrupted: false,
    held: [],
    results: { P: null, spread: null, hot: null },
  };

  function cleanUp() {
    state.cleaning ??= (async () => {
      for (const child of state.children) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }
      if (state.platform) await stopPlatform().catch((e) => log(`could not stop the platform: ${e.message}`));
      for (const name of state.databases) {
        await dropDatabase(name).catch((e) => log(`could not drop database ${name}: ${e.message}`));
      }
    })();
    return state.cleaning;
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (state.cleaning) {
        log('second signal: leaving without finishing the clean-up');
        process.exit(130);
      }
      state.interrupted = true;
      log(`${signal}: stopping and cleaning up…`);
      cleanUp().finally(() => process.exit(130));
    });
  }

  // ------------------------------------------------------------------------- PostgreSQL and P
  function pgClient(database) {
    const client = new pg.Client({ ...PG, database, application_name: 'goodloop-redemption-bench' });
    client.on('error', () => undefined);
    return client;
  }

  async function onAdmin(fn) {
    const client = pgClient('postgres');
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  async function dropDatabase(name) {
    await onAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }

  function exec(cmd, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
      state.children.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        state.children.delete(child);
        if (code === 0) resolve({ stdout, stderr });
        else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${stderr.trim() || stdout.trim()}`));
      });
    });
  }

  function runPgbench() {
    return measurePgbench({
      pg: PG,
      scale: settings.pgbenchScale,
      seconds: settings.pgbenchSeconds,
      exec,
      onAdmin,
      databases: state.databases,
      log,
      fmt,
    });
  }

  // ------------------------------------------------------------------------- the platform
  async function platformHealthy() {
    try {
      const res = await fetch(`${API}/health`);
      const body = await res.json();
      return body.status === 'ok' ? true : JSON.stringify(body);
    } catch (error) {
      return String(error.cause?.code ?? error.message);
    }
  }

  async function startPlatform() {
    log(`no healthy platform at ${settings.baseUrl}: starting one (node scripts/start.mjs, log ${PLATFORM_LOG})…`);
    const logFile = createWriteStream(PLATFORM_LOG, { flags: 'a' });
    logFile.write(`\n----- ${new Date().toISOString()} platform for the redemption bench -----\n`);
    const port = new URL(settings.baseUrl).port || '3000';
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, ...RAISED_RATE_LIMITS, PORT: port, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(logFile, { end: false });
    child.stderr.pipe(logFile, { end: false });
    const platform = { child, logFile, exited: null };
    platform.exit = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        platform.exited = code ?? signal;
        resolve(platform.exited);
      }),
    );
    state.platform = platform;
    const deadline = Date.now() + settings.startTimeoutSeconds * 1000;
    let last = '';
    while (Date.now() < deadline) {
      if (platform.exited !== null) throw new Error(`scripts/start.mjs exited (${platform.exited}); see ${PLATFORM_LOG}`);
      const healthy = await platformHealthy();
      if (healthy === true) return;
      last = healthy;
      await sleep(2000);
    }
    throw new Error(`the platform was not healthy within ${settings.startTimeoutSeconds} s (last: ${last}); see ${PLATFORM_LOG}`);
  }

  async function stopPlatform() {
    const platform = state.platform;
    if (!platform) return;
    if (platform.exited === null) {
      platform.child.kill('SIGTERM'); // start.mjs stops its services on SIGTERM
      const stopped = await Promise.race([platform.exit.then(() => true), sleep(20_000).then(() => false)]);
      if (!stopped) {
        log('the platform did not stop within 20 s of SIGTERM; killing it');
        platform.child.kill('SIGKILL');
        await platform.exit;
      }
    }
    platform.logFile.end();
    state.platform = null;
  }

  // ------------------------------------------------------------------------- the public API
  let writeSequence = 0;
  async function api(method, path, { token, body, expect = [200, 201] } = {}) {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['idempotency-key'] = `${RUN_ID}-setup-${writeSequence++}`;
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${API}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      // A running platform's rate limits: wait for the window rather than fail the set-up.
      if (res.status === 429 && attempt < 20) {
        const wait = Number(res.headers.get('retry-after') ?? 5);
        if (attempt === 0)
          log(`${method} /${path}: rate limited; waiting ${wait} s (raise the platform's RATE_LIMIT_* for the bench)`);
        await sleep(Math.max(1, wait) * 1000);
        continue;
      }
      if (!expect.includes(res.status)) throw new Error(`${method} /api/v1/${path} → ${res.status} ${text.slice(0, 400)}`);
      return text ? JSON.parse(text) : null;
    }
  }

  async function inParallel(items, fn) {
    let next = 0;
    const out = new Array(items.length);
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.setupConcurrency, items.length) }, worker));
    return out;
  }

  const login = (who) =>
    api('POST', 'auth/login', { body: { email: `${who}@${settings.demoDomain}`, password: settings.demoPassword } });

  async function setUp() {
    log('set-up: signing in as the demo admin, business and foundation…');
    const admin = await login('admin');
    const business = await login('business');
    const foundation = await login('foundation');
    const me = await api('GET', 'me', { token: business.accessToken });
    const membership =
      me.memberships.find((m) => m.orgName === settings.businessOrgName) ?? me.memberships.find((m) => m.orgKind === 'business');
    if (!membership) throw new Error(`the business account belongs to no business (looked for ${settings.businessOrgName})`);
    const orgId = membership.orgId;

    log(`set-up: registering ${settings.residents} residents and giving each ${settings.pointsPerResident} points…`);
    const residents = await inParallel(Array.from({ length: settings.residents }), async (_, i) => {
      const registered = await api('POST', 'auth/register', {
        body: {
          email: `${RUN_ID}-${i}@bench.goodloop.local`,
          password: `Bench-${randomBytes(9).toString('base64url')}`,
          displayName: `压测居民${i + 1}`,
        },
      });
      const id = registered.user.id;
      await api('POST', `users/${id}/verify-resident`, { token: admin.accessToken, expect: [200, 201, 409] });
      await api('POST', 'ledger/transfers', {
        token: admin.accessToken,
        body: {
          transferId: `${RUN_ID}-points-${i}`,
          debitAccount: 'issuance:community-points',
          creditAccount: `user:${id}`,
          asset: 'POINTS',
          amount: settings.pointsPerResident,
          code: 'adjust',
          references: { description: 'redemption bench: points to redeem' },
        },
      });
      return { id, token: registered.accessToken, refreshToken: registered.refreshToken };
    });

    const expiresOn = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const validTo = new Date(Date.now() + 6 * 3600 * 1000).toISOString();
    const lots = [
      ...Array.from({ length: settings.rewards }, (_, i) => ({ name: `压测奖励 ${i + 1}`, quantity: settings.stockPerReward })),
      { name: '压测奖励 热门', quantity: settings.hotStock, hot: true },
    ];
    log(`set-up: ${lots.length} pledges by ${membership.orgName}, received and offered as rewards by the foundation…`);
    const rewards = await inParallel(lots, async (lot) => {
      const pledge = await api('POST', 'pledges', {
        token: business.accessToken,
        body: {
          orgId,
          item: `${lot.name}（${RUN_ID}）`,
          category: 'goods',
          quantity: lot.quantity,
          unit: '份',
          unitValue: 500,
          expiresOn,
          pickupPlace: '阳光社区服务中心',
          pickupHours: '周一至周五 9:00–17:00',
          conditions: 'redemption bench',
        },
      });
      await api('POST', `pledges/${pledge.id}/receive`, { token: foundation.accessToken, body: { quantity: lot.quantity } });
      const reward = await api('POST', 'rewards', {
        token: foundation.accessToken,
        body: { pledgeId: pledge.id, pointsPrice: 1, quantity: lot.quantity, perResidentLimit: 1000, validTo, title: lot.name },
      });
      return { id: reward.id, hot: Boolean(lot.hot) };
    });
    return {
      residents,
      spreadRewards: rewards.filter((r) => !r.hot).map((r) => r.id),
      hotReward: rewards.find((r) => r.hot).id,
    };
  }

  /** Fresh access tokens before a phase: they live 15 minutes and the set-up may have been long. */
  async function refreshTokens(residents) {
    await inParallel(residents, async (resident) => {
      try {
        const result = await api('POST', 'auth/refresh', { body: { refreshToken: resident.refreshToken } });
        resident.token = result.accessToken;
        resident.refreshToken = result.refreshToken;
      } catch (error) {
        log(`could not refresh a resident's token (${error.message.slice(0, 120)}); keeping the old one`);
      }
    });
  }

  // ------------------------------------------------------------------------- a phase
  function runPhase(name, residents, rewardIds) {
    log(
      `${name}: ${residents.length} residents over ${rewardIds.length} reward(s), ` +
        `${settings.warmupSeconds} s warm-up + ${settings.phaseSeconds} s…`,
    );
    return new Promise((resolve, reject) => {
      const child = fork(SELF, [LOAD_GENERATOR_FLAG], { cwd: root, stdio: 'inherit' });
      state.children.add(child);
      let settled = false;
      child.on('message', (message) => {
        settled = true;
        if (message.type !== 'result') return reject(new Error(`load generator failed: ${message.message}`));
        resolve(message.result);
      });
      child.on('exit', (code) => {
        state.children.delete(child);
        if (!settled) reject(new Error(`load generator exited (${code}) without a result`));
      });
      child.send({
        api: API,
        residents: residents.map((r) => ({ token: r.token })),
        rewardIds,
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.phaseSeconds,
        pollMs: settings.pollMs,
        maxWaitMs: settings.maxWaitSeconds * 1000,
        idPrefix: `${RUN_ID}-${name}`,
      });
    });
  }

  /** Cancels what the phases left held, so the stock and the points go back. */
  async function cancelHeld(residents) {
    const held = state.held;
    if (!settings.cancelHeld || held.length === 0) return;
    log(`cancelling ${held.length} held redemptions (at most ${settings.cancelSeconds} s; BENCH_CANCEL_HELD=0 skips)…`);
    const deadline = Date.now() + settings.cancelSeconds * 1000;
    let cancelled = 0;
    let failed = 0;
    await inParallel(held, async ({ id, resident }) => {
      if (Date.now() > deadline) return;
      try {
        await api('POST', `redemptions/${id}/cancel`, { token: residents[resident].token, expect: [200, 201, 409] });
        cancelled += 1;
      } catch {
        failed += 1;
      }
    });
    log(`cancelled ${cancelled}, ${failed} failed, ${held.length - cancelled - failed} left to expire by themselves`);
  }

  // ------------------------------------------------------------------------- report
  function verdict(ok) {
    if (ok === null) return 'n/a';
    return ok ? 'PASS' : 'MISS';
  }

  function report(results) {
    const P = results.P;
    const ratio = (rate) => (P && rate !== null && rate !== undefined ? rate / P : null);
    const spread = results.spread;
    const hot = results.hot;
    const spreadOk =
      spread && P ? spread.rate >= TARGETS.spread * P && spread.p99 !== null && spread.p99 <= TARGETS.spreadP99Ms : null;
    const hotOk = hot && P ? hot.rate >= TARGETS.hot * P : null;

    const rows = [
      ['P   pgbench TPC-B (-c 8 -j 2)', fmt(P), P ? '1.00' : '—', '—', '—', '', ''],
      [
        `spread: ${settings.residents} residents, ${settings.rewards} rewards`,
        fmt(spread?.rate),
        fmt(ratio(spread?.rate), 2),
        fmt(spread?.p50),
        fmt(spread?.p99),
        `≥ ${TARGETS.spread}·P, p99 ≤ ${TARGETS.spreadP99Ms} ms`,
        verdict(spreadOk),
      ],
      [
        `hot: ${settings.residents} residents, 1 reward`,
        fmt(hot?.rate),
        fmt(ratio(hot?.rate), 2),
        fmt(hot?.p50),
        fmt(hot?.p99),
        `≥ ${TARGETS.hot}·P`,
        verdict(hotOk),
      ],
    ];
    const header = ['', 'redemptions/s', '÷ P', 'p50 ms', 'p99 ms', 'target', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(`\nRedemption benchmark — ${cpus().length} cores, ${new Date().toISOString()}\n`);
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
    console.log('');
    for (const [name, r] of [
      ['spread', spread],
      ['hot', hot],
    ]) {
      if (!r) continue;
      console.log(
        `${name}: ${r.held} held in ${r.windowSeconds} s (${r.created} answered 201, ${r.accepted} answered 202 and polled), ` +
          `${r.refused} refused, ${r.timeouts} not held within ${settings.maxWaitSeconds} s, ${r.non2xx} non-2xx ` +
          `(${r.rateLimited} × 429), ${r.failures} network failures; p90 ${fmt(r.p90)} ms, max ${fmt(r.max)} ms`,
      );
      for (const e of r.topErrors) console.log(`    ${e.count} × ${e.message}`);
    }

    const json = {
      P: round(P),
      redemptions_per_s: round(spread?.rate),
      p50_ms: round(spread?.p50),
      p99_ms: round(spread?.p99),
      hot_redemptions_per_s: round(hot?.rate),
      hot_p50_ms: round(hot?.p50),
      hot_p99_ms: round(hot?.p99),
      ratio: round(ratio(spread?.rate), 3),
      hot_ratio: round(ratio(hot?.rate), 3),
      p90_ms: round(spread?.p90),
      max_ms: round(spread?.max),
      hot_p90_ms: round(hot?.p90),
      hot_max_ms: round(hot?.max),
      spread: spread ? { ...spread, topErrors: undefined } : null,
      hot: hot ? { ...hot, topErrors: undefined } : null,
      spread_errors: spread?.topErrors ?? null,
      hot_errors: hot?.topErrors ?? null,
      verdicts: { redemptions: verdict(spreadOk), hot_redemptions: verdict(hotOk) },
      targets: {
        redemptions_per_s: `≥ ${TARGETS.spread}·P`,
        p99_ms: `≤ ${TARGETS.spreadP99Ms}`,
        hot_redemptions_per_s: `≥ ${TARGETS.hot}·P`,
        ...TARGETS,
      },
      platform: state.startedPlatform ? 'started by the bench (rate limits raised)' : `running at ${settings.baseUrl}`,
      settings: { ...settings, demoPassword: undefined },
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        loadavg_at_start: state.loadAtStart?.map((l) => round(l)) ?? null,
        loadavg_at_end: loadavg().map((l) => round(l)),
      },
      finishedAt: new Date().toISOString(),
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'redemption.json'), `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote bench/results/redemption.json`);
  }

  // ------------------------------------------------------------------------- main
  async function main() {
    ensureDependencies();
    await ensurePostgresAndRedis();
    pg = (await import('pg')).default;
    mkdirSync(RESULTS_DIR, { recursive: true });
    state.loadAtStart = loadavg();
    if (state.loadAtStart[0] > 0.5) {
      log(
        `load average ${state.loadAtStart.map((l) => l.toFixed(2)).join(' ')} before the run: other work is using the ` +
          `${cpus().length} cores, and P and the platform's figures will move with it`,
      );
    }

    const results = state.results;
    // P first, while the platform is not yet running (a running one idles meanwhile).
    if (settings.phases.includes('pgbench')) results.P = await runPgbench();

    const wantsLoad = settings.phases.some((p) => p !== 'pgbench');
    if (!wantsLoad) return report(results);
    const healthy = await platformHealthy();
    if (healthy === true) {
      log(`using the platform running at ${settings.baseUrl}; its own rate limits apply`);
    } else {
      // start.mjs checks PostgreSQL, Redis and Kafka itself, builds, and loads the demo data.
      writeFileSync(PLATFORM_LOG, '');
      await startPlatform();
      state.startedPlatform = true;
    }

    const fixture = await setUp();
    if (settings.phases.includes('spread')) {
      await refreshTokens(fixture.residents);
      results.spread = await runPhase('spread', fixture.residents, fixture.spreadRewards);
      state.held.push(...results.spread.heldIds);
      log(
        `spread: ${fmt(results.spread.rate)} redemptions/s, p50 ${fmt(results.spread.p50)} ms, p99 ${fmt(results.spread.p99)} ms`,
      );
    }
    if (settings.phases.includes('hot')) {
      await refreshTokens(fixture.residents);
      results.hot = await runPhase('hot', fixture.residents, [fixture.hotReward]);
      state.held.push(...results.hot.heldIds);
      log(`hot: ${fmt(results.hot.rate)} redemptions/s, p50 ${fmt(results.hot.p50)} ms, p99 ${fmt(results.hot.p99)} ms`);
    }
    for (const r of [results.spread, results.hot]) if (r) delete r.heldIds;
    report(results);
    await cancelHeld(fixture.residents);
  }

  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    exitCode = state.interrupted ? 130 : 1;
    if (!state.interrupted) console.error(`\nredemption bench failed: ${error.stack ?? error}`);
    if (!state.interrupted && (state.results.P !== null || state.results.spread)) {
      try {
        for (const r of [state.results.spread, state.results.hot]) if (r) delete r.heldIds;
        report(state.results);
      } catch {
        /* the failure above is the news */
      }
    }
  } finally {
    if (!state.cleaning) log('cleaning up…');
    await cleanUp();
  }
  process.exit(exitCode);
}

// ---------------------------------------------------------------------------------------------
// The load generator (forked process)
// ---------------------------------------------------------------------------------------------

/**
 * One caller per resident, each keeping one redemption in flight over keep-alive connections:
 * POST /redemptions (1 unit of a random reward of the list), then, after a 202 `holding`,
 * GET /redemptions/:id every `pollMs` until `held` (or refused, or `maxWaitMs`). Only
 * redemptions started after the warm-up and held before the end of the window count.
 */
async function runLoad({ api, residents, rewardIds, warmupSeconds, durationSeconds, pollMs, maxWaitMs, idPrefix }) {
  const base = new URL(api);
  const secure = base.protocol === 'https:';
  const send = secure ? httpsRequest : request;
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: residents.length * 2 })
    : new Agent({ keepAlive: true, maxSockets: residents.length * 2 });
  const started = performance.now();
  const windowStart = started + warmupSeconds * 1000;
  const windowEnd = windowStart + durationSeconds * 1000;
  const latencies = [];
  const errors = {};
  const heldIds = [];
  const counts = { held: 0, created: 0, accepted: 0, refused: 0, timeouts: 0, non2xx: 0, rateLimited: 0, failures: 0 };
  let sequence = 0;

  const call = (method, path, token, body, key) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      if (key) headers['idempotency-key'] = key;
      const req = send(new URL(`${base.pathname.replace(/\/$/, '')}/${path}`, base), { method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
      req.on('error', reject);
      req.end(payload);
    });

  const noteError = (key) => (errors[key] = (errors[key] ?? 0) + 1);
  const describe = (outcome) => {
    try {
      const parsed = JSON.parse(outcome.body);
      return `${outcome.status} ${parsed.code ?? parsed.error ?? ''}: ${String(parsed.message ?? '').slice(0, 160)}`;
    } catch {
      return String(outcome.status);
    }
  };

  /** One redemption to `held`: {held, id} or {held: false} with the reason noted. */
  async function redeem(resident, index) {
    const rewardId = rewardIds[rewardIds.length === 1 ? 0 : randomInt(rewardIds.length)];
    const first = await call(
      'POST',
      'redemptions',
      resident.token,
      { rewardId, quantity: 1 },
      `${idPrefix}-${index}-${sequence++}`,
    );
    if (first.status === 429) {
      counts.rateLimited += 1;
      counts.non2xx += 1;
      noteError(describe(first));
      return { held: false, backOffMs: 250 };
    }
    if (first.status !== 201 && first.status !== 202) {
      counts.non2xx += 1;
      noteError(describe(first));
      return { held: false };
    }
    let view = JSON.parse(first.body);
    const accepted = first.status === 202;
    const deadline = performance.now() + maxWaitMs;
    while (view.status === 'holding' || (view.status === 'held' && !view.pickupCode)) {
      if (performance.now() > deadline) {
        counts.timeouts += 1;
        noteError(`not held within ${maxWaitMs} ms (last status ${view.status})`);
        return { held: false };
      }
      await new Promise((r) => setTimeout(r, pollMs));
      const again = await call('GET', `redemptions/${view.id}`, resident.token);
      if (again.status !== 200) {
        counts.non2xx += 1;
        noteError(`poll: ${describe(again)}`);
        return { held: false };
      }
      view = JSON.parse(again.body);
    }
    if (view.status !== 'held') {
      counts.refused += 1;
      noteError(`${view.status}${view.refusal ? ` (${view.refusal})` : ''}`);
      return { held: false };
    }
    return { held: true, id: view.id, accepted };
  }

  async function caller(index) {
    const resident = residents[index];
    while (performance.now() < windowEnd) {
      const t0 = performance.now();
      let outcome;
      try {
        outcome = await redeem(resident, index);
      } catch (error) {
        counts.failures += 1;
        noteError(`network: ${error.code ?? error.message}`);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const t1 = performance.now();
      if (outcome.held) heldIds.push({ id: outcome.id, resident: index });
      if (outcome.backOffMs) await new Promise((r) => setTimeout(r, outcome.backOffMs));
      if (t0 < windowStart || t1 > windowEnd || !outcome.held) continue;
      counts.held += 1;
      if (outcome.accepted) counts.accepted += 1;
      else counts.created += 1;
      latencies.push(t1 - t0);
    }
  }

  await Promise.all(residents.map((_, i) => caller(i)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null;
  const topErrors = Object.entries(errors)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([message, count]) => ({ message, count }));
  return {
    ...counts,
    topErrors,
    heldIds,
    windowSeconds: durationSeconds,
    rate: counts.held / durationSeconds,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: latencies.length ? latencies[latencies.length - 1] : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry: the bench, or (forked with --load-generator) its load generator
// ---------------------------------------------------------------------------------------------

// The load generator is this file again, forked as its own Node process, so that its CPU is not
// counted against the platform's (as bench/lib/direct-load.mjs is for the ledger bench).
if (process.argv.includes(LOAD_GENERATOR_FLAG)) {
  process.once('message', (message) => {
    runLoad(message).then(
      (result) => process.send({ type: 'result', result }, () => process.exit(0)),
      (error) => process.send({ type: 'error', message: String(error?.stack ?? error) }, () => process.exit(1)),
    );
  });
} else {
  await benchMain();
}
