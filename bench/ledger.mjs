#!/usr/bin/env node
/**
 * `npm run bench:ledger`: how fast the ledger posts transfers on this machine, measured against
 * what PostgreSQL itself manages here (pgbench TPC-B), in one run:
 *
 *   P    pgbench -c 8 -j 2 -M prepared TPC-B tps on a scratch database (scale 10)
 *   (a)  direct: POST /internal/transfers, 16 callers in flight, 1-point wallet→wallet transfers
 *   (b)  batched: N ledger.transfer.request.v1 commands produced beforehand, spread over many
 *        wallets; rate at which the ledger applies them
 *   (c)  hot: the same with every transfer debiting one account (issuance:hot)
 *
 * The ledger runs as its own Node process from the compiled dist/, against a fresh scratch
 * database and its own topic prefix, once per phase (the commands of (b) and (c) are produced
 * while it is stopped, so producing never competes with consuming). Its RSS is sampled every
 * 100 ms. Prints a table with PASS/MISS per target and writes bench/results/ledger.json. The
 * scratch databases, topics and consumer groups are removed at the end, also on failure or
 * Ctrl-C. Settings: see bench/README.md.
 */
import { fork, spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import {
  ensureDependencies,
  ensureKafka,
  ensurePostgresAndRedis,
  log,
  portOpen,
  root,
  run,
  serviceNodeArgs,
} from '../scripts/lib/infra.mjs';
import { gatewayHeaders, generateGatewayKeys } from './lib/gateway-token.mjs';
import { createRequire } from 'node:module';
import { measurePgbench } from './lib/pgbench.mjs';

// The environment's Kafka login: the admin of the local broker after ensureKafka().
const { kafkaSecurityFromEnv } = createRequire(import.meta.url)('../scripts/lib/kafka-env.cjs');

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

const PHASES = ['pgbench', 'direct', 'batched', 'hot'];
const settings = {
  pgbenchSeconds: setting('BENCH_PGBENCH_SECONDS', 30),
  pgbenchScale: setting('BENCH_PGBENCH_SCALE', 10),
  warmupSeconds: setting('BENCH_WARMUP_SECONDS', 3),
  directSeconds: setting('BENCH_DIRECT_SECONDS', 20),
  concurrency: setting('BENCH_CONCURRENCY', 16),
  wallets: setting('BENCH_WALLETS', 1000),
  batchedCount: setting('BENCH_BATCHED_COUNT', 200_000),
  hotCount: setting('BENCH_HOT_COUNT', setting('BENCH_BATCHED_COUNT', 200_000)),
  maxConsumeSeconds: setting('BENCH_MAX_CONSUME_SECONDS', 120),
  startTimeoutSeconds: setting('BENCH_START_TIMEOUT_SECONDS', 90),
  stallSeconds: setting('BENCH_STALL_SECONDS', 30),
  port: setting('BENCH_LEDGER_PORT', 3192),
  partitions: setting('KAFKA_PARTITIONS', 3),
  replicationFactor: setting('KAFKA_REPLICATION_FACTOR', 1),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  phases: (process.env.BENCH_ONLY ?? PHASES.join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
};
for (const phase of settings.phases) {
  if (!PHASES.includes(phase)) throw new Error(`BENCH_ONLY: unknown phase "${phase}" (phases: ${PHASES.join(', ')})`);
}

const TARGETS = { direct: 0.5, directP99Ms: 50, batched: 1.5, hot: 1.0, rssMb: 300 };
const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD,
};
const LEDGER_DB = 'goodloop_bench_ledger';
const REQUEST_TOPIC = 'ledger.transfer.request.v1';
const RUN_ID = `bench-${Date.now().toString(36)}`;
const TOPIC_PREFIX = `bench-ledger-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}.`;
const RESULTS_DIR = join(root, 'bench', 'results');
const SERVICE_LOG = join(RESULTS_DIR, 'ledger-service.log');
const LEDGER_MAIN = join(root, 'dist', 'apps', 'ledger', 'src', 'main.js');
const GATEWAY_KEYS = generateGatewayKeys();
const ADMIN = {
  id: randomUUID(),
  email: 'ledger-bench@goodloop.local',
  displayName: 'Ledger bench',
  roles: ['admin'],
  residentVerified: false,
  memberships: [],
};
/** The gateway's call token for the ledger as the bench's admin: fresh per call, it lives 60 s. */
const authHeaders = () => gatewayHeaders(GATEWAY_KEYS.signingKey, 'ledger', ADMIN);
const BASE_URL = `http://127.0.0.1:${settings.port}`;

/** Loaded after ensureDependencies(): a fresh checkout has no node_modules yet. */
let pg;
let Kafka;
let Partitioners;
let kafkaLogLevel;
let uuidv7;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(Number(value).toFixed(digits)));
const fmt = (value, digits = 1) => (value === null || value === undefined ? '—' : Number(value).toFixed(digits));
const percent = (share) => (share === null || share === undefined ? '—' : (share * 100).toFixed(0));

// ---------------------------------------------------------------------------------------------
// Clean-up: everything the run creates is registered here and removed however the run ends.
// ---------------------------------------------------------------------------------------------

const state = {
  brokers: '127.0.0.1:9092',
  children: new Set(),
  databases: new Set(),
  ledger: null,
  cleaning: null,
  interrupted: false,
  results: { P: null, direct: null, batched: null, hot: null, rss: [] },
};

function cleanUp() {
  state.cleaning ??= (async () => {
    for (const child of state.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    if (state.ledger) await stopLedger(state.ledger).catch(() => undefined);
    for (const child of state.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const name of state.databases) {
      await dropDatabase(name).catch((e) => log(`could not drop database ${name}: ${e.message}`));
    }
    if (Kafka) await deleteBenchTopics().catch((e) => log(`could not delete the bench topics: ${e.message}`));
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

async function deleteBenchTopics() {
  const kafka = new Kafka({
    clientId: 'ledger-bench-cleanup',
    brokers: state.brokers.split(','),
    ...kafkaSecurityFromEnv(),
    logLevel: kafkaLogLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(TOPIC_PREFIX));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(TOPIC_PREFIX));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    if (topics.length > 0) log(`deleted ${topics.length} bench topics (${TOPIC_PREFIX}*)`);
  } finally {
    await admin.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

function pgClient(database) {
  const client = new pg.Client({ ...PG, database, application_name: 'goodloop-ledger-bench' });
  // Clean-up drops the databases WITH (FORCE), which ends open sessions: an answer, not a crash.
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

/** The owner of the ledger's tables: its migrations run as PGUSER. */
function ledgerDatabaseUrl() {
  const password = PG.password ? `:${encodeURIComponent(PG.password)}` : '';
  return `postgres://${encodeURIComponent(PG.user)}${password}@${PG.host}:${PG.port}/${LEDGER_DB}`;
}

/**
 * What the ledger runs as, as in production: its runtime role, which may not rewrite records
 * (created LOGIN by its migration when missing; no password, for this machine's trust auth).
 */
function ledgerRuntimeUrl() {
  return `postgres://goodloop_ledger_app@${PG.host}:${PG.port}/${LEDGER_DB}`;
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/** Runs a command to completion, collecting its output; registered for clean-up meanwhile. */
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

/** /proc/<pid>/status → {rssKb, hwmKb}; null once the process is gone. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far; null once it is gone. */
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

/** Whole-machine CPU counters, to tell how busy both cores were during a measurement. */
function machineCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { idle, total };
}

function busyShare(before, after) {
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : null;
}

/** Starts the ledger from dist/ with its own topic prefix; resolves once the process is spawned. */
function startLedger(phase, prefix) {
  const logFile = createWriteStream(SERVICE_LOG, { flags: 'a' });
  logFile.write(`\n----- ${new Date().toISOString()} ledger for phase "${phase}" (prefix ${prefix}) -----\n`);
  const child = spawn(process.execPath, [...serviceNodeArgs('ledger'), ...extraLedgerArgs(), LEDGER_MAIN], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(settings.port),
      DATABASE_URL: ledgerRuntimeUrl(),
      LEDGER_MIGRATION_DATABASE_URL: ledgerDatabaseUrl(),
      LEDGER_DB_RUNTIME_ROLE_CREATE: 'login',
      PGHOST: PG.host,
      PGPORT: String(PG.port),
      PGUSER: PG.user,
      KAFKA_BROKERS: state.brokers,
      // A production ledger refuses an unauthenticated broker unless told it is meant.
      ...(process.env.KAFKA_SASL_MECHANISM ? {} : { KAFKA_SECURITY: 'plaintext' }),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: String(settings.partitions),
      KAFKA_REPLICATION_FACTOR: String(settings.replicationFactor),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      LOG_LEVEL: settings.logLevel,
      GATEWAY_VERIFY_KEY: GATEWAY_KEYS.verifyKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(logFile, { end: false });
  child.stderr.pipe(logFile, { end: false });
  let stderrTail = '';
  child.stderr.on('data', (c) => (stderrTail = (stderrTail + c).slice(-4000)));
  const ledger = {
    phase,
    child,
    logFile,
    peakKb: 0,
    exited: null,
    stderrTail: () => stderrTail,
  };
  ledger.sampler = setInterval(() => {
    const memory = memoryOf(child.pid);
    if (memory) ledger.peakKb = Math.max(ledger.peakKb, memory.rssKb, memory.hwmKb);
  }, 100);
  ledger.exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(ledger.sampler);
      ledger.exited = code ?? signal;
      resolve(ledger.exited);
    }),
  );
  state.ledger = ledger;
  return ledger;
}

async function stopLedger(ledger) {
  if (ledger.exited === null) {
    const memory = memoryOf(ledger.child.pid);
    if (memory) ledger.peakKb = Math.max(ledger.peakKb, memory.rssKb, memory.hwmKb);
    ledger.child.kill('SIGTERM');
    const stopped = await Promise.race([ledger.exit.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) {
      log('the ledger did not stop within 15 s of SIGTERM; killing it');
      ledger.child.kill('SIGKILL');
      await ledger.exit;
    }
  }
  ledger.logFile.end();
  if (state.ledger === ledger) state.ledger = null;
  if (!state.results.rss.some((r) => r.ledger === ledger)) {
    state.results.rss.push({ ledger, phase: ledger.phase, peakMb: ledger.peakKb / 1024, readyMb: ledger.readyRssMb ?? null });
  }
}

function ledgerDied(ledger) {
  return new Error(
    `the ledger exited (${ledger.exited}) during phase "${ledger.phase}"; see ${SERVICE_LOG}\n${ledger.stderrTail().trim()}`,
  );
}

async function waitForHealth(ledger, timeoutSeconds = 120) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    if (ledger.exited !== null) throw ledgerDied(ledger);
    try {
      const res = await fetch(`${BASE_URL}/internal/health`);
      const body = await res.json();
      if (body.status === 'ok') {
        ledger.readyRssMb = (memoryOf(ledger.child.pid)?.rssKb ?? 0) / 1024;
        return;
      }
      last = JSON.stringify(body);
    } catch (error) {
      last = String(error.cause?.code ?? error.message);
    }
    await sleep(250);
  }
  throw new Error(`the ledger was not healthy within ${timeoutSeconds} s (last answer: ${last}); see ${SERVICE_LOG}`);
}

// ---------------------------------------------------------------------------------------------
// P: pgbench
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Set-up and (a): direct HTTP transfers
// ---------------------------------------------------------------------------------------------

async function postTransfer(body) {
  const res = await fetch(`${BASE_URL}/internal/transfers`, {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`POST /internal/transfers → ${res.status} ${text.slice(0, 300)}`);
}

/** Funds every wallet from issuance:bench with far more than the run can spend. */
async function fundWallets(wallets) {
  log(`funding ${wallets.length} wallets from issuance:bench…`);
  let next = 0;
  const worker = async () => {
    while (next < wallets.length) {
      const i = next++;
      await postTransfer({
        transferId: `${RUN_ID}-fund-${i}`,
        debitAccount: 'issuance:bench',
        creditAccount: `user:${wallets[i]}`,
        asset: 'POINTS',
        amount: 1_000_000_000,
        code: 'earn',
        references: { description: 'ledger bench funding' },
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function runDirectLoad(ledger, wallets) {
  log(`(a) direct: ${settings.concurrency} callers, ${settings.warmupSeconds} s warm-up + ${settings.directSeconds} s…`);
  return new Promise((resolve, reject) => {
    const child = fork(join(root, 'bench', 'lib', 'direct-load.mjs'), [], { cwd: root, stdio: 'inherit' });
    state.children.add(child);
    let windowStart = null;
    const startTimer = setTimeout(() => {
      windowStart = { cpu: cpuSecondsOf(ledger.child.pid), machine: machineCpu() };
    }, settings.warmupSeconds * 1000);
    let settled = false;
    child.on('message', (message) => {
      settled = true;
      clearTimeout(startTimer);
      if (message.type !== 'result') return reject(new Error(`load generator failed: ${message.message}`));
      const result = message.result;
      if (windowStart) {
        result.ledgerCpuCores = (cpuSecondsOf(ledger.child.pid) - windowStart.cpu) / settings.directSeconds;
        result.machineBusy = busyShare(windowStart.machine, machineCpu());
      }
      resolve(result);
    });
    child.on('exit', (code) => {
      state.children.delete(child);
      clearTimeout(startTimer);
      if (!settled) reject(new Error(`load generator exited (${code}) without a result`));
    });
    child.send({
      baseUrl: BASE_URL,
      signingKey: GATEWAY_KEYS.signingKey,
      user: ADMIN,
      wallets,
      concurrency: settings.concurrency,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.directSeconds,
      idPrefix: `${RUN_ID}-a`,
      code: 'adjust',
    });
  });
}

// ---------------------------------------------------------------------------------------------
// (b), (c): commands through Kafka
// ---------------------------------------------------------------------------------------------

function kafkaClient(clientId) {
  return new Kafka({
    clientId,
    brokers: state.brokers.split(','),
    ...kafkaSecurityFromEnv(),
    logLevel: kafkaLogLevel.ERROR,
    retry: { initialRetryTime: 200, retries: 10 },
  });
}

async function createRequestTopic(topic) {
  const admin = kafkaClient('ledger-bench-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: settings.partitions, replicationFactor: settings.replicationFactor }],
    });
  } finally {
    await admin.disconnect();
  }
}

async function topicMessageCount(topic) {
  const admin = kafkaClient('ledger-bench-admin').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
  } catch {
    return null;
  } finally {
    await admin.disconnect();
  }
}

/** Produces `count` commands built by `payloadOf(i)` in large batches, several in flight. */
async function produceCommands(topic, count, payloadOf) {
  const producer = kafkaClient('ledger-bench-producer').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const started = performance.now();
  // Keep one request's batch per partition well under the broker's 1 MB message.max.bytes, also
  // when every message goes to the same partition (the hot phase).
  const chunk = 1_000;
  let next = 0;
  const sender = async () => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + chunk);
      next = to;
      const messages = [];
      for (let i = from; i < to; i++) {
        const payload = payloadOf(i);
        const id = uuidv7();
        const correlationId = randomUUID();
        const envelope = {
          id,
          type: REQUEST_TOPIC,
          version: 1,
          occurredAt: new Date().toISOString(),
          producer: 'bench',
          correlationId,
          payload,
        };
        messages.push({
          key: payload.debitAccount,
          value: JSON.stringify(envelope),
          headers: { 'goodloop-message-id': id, 'goodloop-type': REQUEST_TOPIC, 'goodloop-correlation-id': correlationId },
        });
      }
      await producer.send({ topic, messages, acks: -1 });
    }
  };
  try {
    await Promise.all(Array.from({ length: 6 }, sender));
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  log(`produced ${count} commands onto ${topic} in ${fmt(seconds)} s`);
}

async function countTransfers(client, idPrefix) {
  const { rows } = await client.query(
    idPrefix
      ? `SELECT count(*)::int AS n, min(created_at) AS first, max(created_at) AS last FROM transfers WHERE id LIKE $1`
      : `SELECT count(*)::int AS n FROM transfers`,
    idPrefix ? [`${idPrefix}%`] : [],
  );
  return rows[0];
}

/** Best effort: how many of this phase's commands the ledger answered with a rejection. */
async function countRejections(client, since) {
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic LIKE '%ledger.transfer.rejected.v1' AND created_at >= $1`,
      [since],
    );
    return rows[0].n;
  } catch {
    return null;
  }
}

/**
 * Produces the commands while no ledger runs, then starts one with the phase's prefix and
 * watches the transfers table until every command is applied, nothing moves any more, or the
 * time limits run out. The rate is applied ÷ (last created_at − first created_at) of the phase's
 * transfers; the wall-clock rate between the first and last change seen is kept as a check.
 */
async function runKafkaPhase(phase, letter, label, count, payloadOf) {
  const prefix = `${TOPIC_PREFIX}${letter}.`;
  const topic = `${prefix}${REQUEST_TOPIC}`;
  const idPrefix = `${RUN_ID}-${letter}-`;
  log(`${label}: producing ${count} commands…`);
  await createRequestTopic(topic);
  await produceCommands(topic, count, (i) => payloadOf(i, `${idPrefix}${i}`));

  const client = pgClient(LEDGER_DB);
  await client.connect();
  const phaseStart = new Date();
  let ledger;
  try {
    const baseline = (await countTransfers(client)).n;
    log(`${label}: starting the ledger and waiting for it to apply them…`);
    ledger = startLedger(phase, prefix);
    const spawnedAt = performance.now();
    let firstSeen = null;
    let lastSeen = null;
    let seen = baseline;
    let outcome = 'complete';
    let cpuAtFirst = null;
    let machineAtFirst = null;
    let cpuAtLast = null;
    let machineAtLast = null;
    let lastReport = performance.now();
    for (;;) {
      await sleep(1000);
      const now = performance.now();
      if (ledger.exited !== null) throw ledgerDied(ledger);
      const current = (await countTransfers(client)).n;
      if (current > seen) {
        if (firstSeen === null) {
          firstSeen = { at: now, n: current };
          cpuAtFirst = cpuSecondsOf(ledger.child.pid);
          machineAtFirst = machineCpu();
        }
        lastSeen = { at: now, n: current };
        cpuAtLast = cpuSecondsOf(ledger.child.pid);
        machineAtLast = machineCpu();
        seen = current;
      }
      if (now - lastReport > 10_000) {
        lastReport = now;
        log(`${label}: ${seen - baseline}/${count} applied`);
      }
      if (seen - baseline >= count) break;
      if (firstSeen === null && now - spawnedAt > settings.startTimeoutSeconds * 1000) {
        outcome = 'nothing-consumed';
        break;
      }
      if (firstSeen !== null && now - lastSeen.at > settings.stallSeconds * 1000) {
        outcome = 'stalled';
        break;
      }
      if (firstSeen !== null && now - firstSeen.at > settings.maxConsumeSeconds * 1000) {
        outcome = 'time-limit';
        break;
      }
    }
    const stats = await countTransfers(client, idPrefix);
    const rejected = outcome === 'complete' ? 0 : await countRejections(client, phaseStart);
    await stopLedger(ledger);
    const deadLettered = outcome === 'complete' ? 0 : await topicMessageCount(`${topic}.dlq`);

    const spanSeconds = stats.n > 1 ? (stats.last.getTime() - stats.first.getTime()) / 1000 : 0;
    const tps = spanSeconds > 0 ? stats.n / spanSeconds : null;
    const wallSeconds = firstSeen && lastSeen && lastSeen.at > firstSeen.at ? (lastSeen.at - firstSeen.at) / 1000 : 0;
    const wallTps = wallSeconds > 0 ? (lastSeen.n - firstSeen.n) / wallSeconds : null;
    const result = {
      outcome,
      produced: count,
      applied: stats.n,
      rejected,
      deadLettered,
      spanSeconds,
      tps,
      wallTps,
      ledgerCpuCores:
        cpuAtFirst !== null && cpuAtLast !== null && wallSeconds > 0 ? (cpuAtLast - cpuAtFirst) / wallSeconds : null,
      machineBusy: machineAtFirst && machineAtLast ? busyShare(machineAtFirst, machineAtLast) : null,
    };
    if (outcome === 'nothing-consumed') {
      log(
        `${label}: NOTHING CONSUMED — the ledger applied none of the ${count} commands on ${topic} within ` +
          `${settings.startTimeoutSeconds} s of starting (rejected: ${rejected ?? '?'}, dead-lettered: ${deadLettered ?? '?'}). ` +
          `Does this build consume ${REQUEST_TOPIC}? See ${SERVICE_LOG}.`,
      );
    } else if (outcome !== 'complete') {
      log(
        `${label}: ${outcome === 'stalled' ? `stalled (no progress for ${settings.stallSeconds} s)` : `stopped after ${settings.maxConsumeSeconds} s`} ` +
          `with ${stats.n}/${count} applied (rejected: ${rejected ?? '?'}, dead-lettered: ${deadLettered ?? '?'}); rate over what was applied.`,
      );
    } else {
      log(`${label}: ${stats.n} applied in ${fmt(spanSeconds)} s → ${fmt(tps)} transfers/s`);
      if (spanSeconds < 15)
        log(`${label}: consumed in under 15 s; raise BENCH_BATCHED_COUNT / BENCH_HOT_COUNT for a steadier figure`);
    }
    return result;
  } finally {
    if (ledger && ledger.exited === null) await stopLedger(ledger).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function verdict(ok) {
  if (ok === null) return 'n/a';
  return ok ? 'PASS' : 'MISS';
}

function report(results) {
  const P = results.P;
  const ratio = (tps) => (P && tps !== null && tps !== undefined ? tps / P : null);
  const peakRssMb = results.rss.length ? Math.max(...results.rss.map((r) => r.peakMb)) : null;
  const direct = results.direct;
  const batched = results.batched;
  const hot = results.hot;

  const directOk =
    direct && P ? direct.tps >= TARGETS.direct * P && direct.p99 !== null && direct.p99 <= TARGETS.directP99Ms : null;
  const batchedOk = batched && P ? batched.tps !== null && batched.tps >= TARGETS.batched * P : null;
  const hotOk = hot && P ? hot.tps !== null && hot.tps >= TARGETS.hot * P : null;
  const rssOk = peakRssMb !== null ? peakRssMb < TARGETS.rssMb : null;

  const rows = [
    ['P   pgbench TPC-B (-c 8 -j 2)', fmt(P), P ? '1.00' : '—', '—', '—', '', ''],
    [
      '(a) direct HTTP, 16 in flight',
      fmt(direct?.tps),
      fmt(ratio(direct?.tps), 2),
      fmt(direct?.p50),
      fmt(direct?.p99),
      `≥ ${TARGETS.direct}·P, p99 ≤ ${TARGETS.directP99Ms} ms`,
      verdict(directOk),
    ],
    [
      '(b) batched Kafka, many accounts',
      fmt(batched?.tps),
      fmt(ratio(batched?.tps), 2),
      '—',
      '—',
      `≥ ${TARGETS.batched}·P`,
      verdict(batchedOk),
    ],
    ['(c) batched Kafka, one hot debit', fmt(hot?.tps), fmt(ratio(hot?.tps), 2), '—', '—', `≥ ${TARGETS.hot}·P`, verdict(hotOk)],
    ['ledger peak RSS (MB)', fmt(peakRssMb), '', '', '', `< ${TARGETS.rssMb} MB`, verdict(rssOk)],
  ];
  const header = ['', 'transfers/s', '÷ P', 'p50 ms', 'p99 ms', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nLedger benchmark — ${cpus().length} cores, ${new Date().toISOString()}\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  if (direct) {
    console.log(
      `(a) ${direct.ok} posted, ${direct.non2xx} non-2xx, ${direct.failures} network failures in ${direct.windowSeconds} s; ` +
        `p90 ${fmt(direct.p90)} ms, max ${fmt(direct.max)} ms; ledger CPU ${fmt(direct.ledgerCpuCores, 2)} cores, machine ${percent(direct.machineBusy)} % busy`,
    );
    for (const e of direct.topErrors) console.log(`    ${e.count} × ${e.message}`);
  }
  for (const [name, r] of [
    ['(b)', batched],
    ['(c)', hot],
  ]) {
    if (!r) continue;
    console.log(
      `${name} ${r.outcome}: ${r.applied}/${r.produced} applied over ${fmt(r.spanSeconds)} s` +
        (r.outcome === 'complete' ? '' : `, rejected ${r.rejected ?? '?'}, dead-lettered ${r.deadLettered ?? '?'}`) +
        `; wall-clock rate ${fmt(r.wallTps)}/s; ledger CPU ${fmt(r.ledgerCpuCores, 2)} cores, machine ${percent(r.machineBusy)} % busy`,
    );
  }
  if (results.rss.length) {
    const phases = results.rss.map(
      (r) => `${r.phase} ${fmt(r.peakMb)} MB${r.readyMb ? ` (${fmt(r.readyMb)} MB when ready)` : ''}`,
    );
    console.log(`ledger RSS peaks by phase: ${phases.join(', ')}`);
  }

  const json = {
    P: round(P),
    direct_tps: round(direct?.tps),
    direct_p99_ms: round(direct?.p99),
    batched_tps: round(batched?.tps),
    hot_batched_tps: round(hot?.tps),
    ledger_peak_rss_mb: round(peakRssMb, 1),
    direct_p50_ms: round(direct?.p50),
    direct_p90_ms: round(direct?.p90),
    direct_max_ms: round(direct?.max),
    direct_ledger_cpu_cores: round(direct?.ledgerCpuCores),
    direct_machine_busy: round(direct?.machineBusy),
    direct_non2xx: direct?.non2xx ?? null,
    direct_network_failures: direct?.failures ?? null,
    direct_errors: direct?.topErrors ?? null,
    batched: batched ? { ...batched } : null,
    hot_batched: hot ? { ...hot } : null,
    ledger_peak_rss_mb_by_phase: Object.fromEntries(results.rss.map((r) => [r.phase, round(r.peakMb, 1)])),
    ledger_rss_when_ready_mb_by_phase: Object.fromEntries(results.rss.map((r) => [r.phase, round(r.readyMb, 1)])),
    verdicts: {
      direct: verdict(directOk),
      batched: verdict(batchedOk),
      hot_batched: verdict(hotOk),
      ledger_peak_rss: verdict(rssOk),
    },
    targets: TARGETS,
    settings: { ...settings },
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
  writeFileSync(join(RESULTS_DIR, 'ledger.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwrote bench/results/ledger.json; the ledger's own log is bench/results/ledger-service.log`);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  ensureDependencies();
  await ensurePostgresAndRedis();
  state.brokers = ensureKafka();
  pg = (await import('pg')).default;
  const kafkajs = (await import('kafkajs')).default;
  ({ Kafka, Partitioners, logLevel: kafkaLogLevel } = kafkajs);
  ({ v7: uuidv7 } = await import('uuid'));

  const wantsLedger = settings.phases.some((p) => p !== 'pgbench');
  if (wantsLedger) {
    if (settings.skipBuild) log('BENCH_SKIP_BUILD=1: using the existing dist/');
    else {
      log('building the backend (node scripts/build.mjs --backend)…');
      run('node', ['scripts/build.mjs', '--backend']);
    }
    if (!existsSync(LEDGER_MAIN)) throw new Error(`${LEDGER_MAIN} is missing: the build did not produce the ledger`);
    if (await portOpen('127.0.0.1', settings.port)) {
      throw new Error(`port ${settings.port} is taken; choose another with BENCH_LEDGER_PORT`);
    }
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(SERVICE_LOG, '');
  state.loadAtStart = loadavg();
  if (state.loadAtStart[0] > 0.5) {
    log(
      `load average ${state.loadAtStart.map((l) => l.toFixed(2)).join(' ')} before the run: other work is using the ` +
        `${cpus().length} cores, and P and the ledger's figures will move with it`,
    );
  }

  const results = state.results;
  if (settings.phases.includes('pgbench')) results.P = await runPgbench();

  if (wantsLedger) {
    state.databases.add(LEDGER_DB);
    await dropDatabase(LEDGER_DB);
    const wallets = Array.from({ length: settings.wallets }, () => randomUUID());

    // Set-up (and (a)): the ledger creates its database, the wallets get their points.
    const ledger = startLedger(settings.phases.includes('direct') ? 'direct' : 'set-up', `${TOPIC_PREFIX}a.`);
    log('starting the ledger…');
    await waitForHealth(ledger);
    await fundWallets(wallets);
    if (settings.phases.includes('direct')) {
      results.direct = await runDirectLoad(ledger, wallets);
      if (ledger.exited !== null) throw ledgerDied(ledger);
      log(`(a) ${fmt(results.direct.tps)} transfers/s, p50 ${fmt(results.direct.p50)} ms, p99 ${fmt(results.direct.p99)} ms`);
    }
    await stopLedger(ledger);

    if (settings.phases.includes('batched')) {
      results.batched = await runKafkaPhase('batched', 'b', '(b) batched', settings.batchedCount, (i, transferId) => {
        const from = randomInt(wallets.length);
        let to = randomInt(wallets.length - 1);
        if (to >= from) to += 1;
        return {
          transferId,
          debitAccount: `user:${wallets[from]}`,
          creditAccount: `user:${wallets[to]}`,
          asset: 'POINTS',
          amount: 1,
          code: 'adjust',
        };
      });
    }
    if (settings.phases.includes('hot')) {
      results.hot = await runKafkaPhase('hot', 'c', '(c) hot', settings.hotCount, (i, transferId) => ({
        transferId,
        debitAccount: 'issuance:hot',
        creditAccount: `user:${wallets[i % wallets.length]}`,
        asset: 'POINTS',
        amount: 1,
        code: 'earn',
      }));
    }
  }
  report(results);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = state.interrupted ? 130 : 1;
  if (!state.interrupted) console.error(`\nledger bench failed: ${error.stack ?? error}`);
  if (!state.interrupted && (state.results.P !== null || state.results.direct)) {
    try {
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

/** Extra Node flags for the ledger process only (BENCH_LEDGER_NODE_ARGS, e.g. `--cpu-prof`). */
function extraLedgerArgs() {
  return (process.env.BENCH_LEDGER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}
