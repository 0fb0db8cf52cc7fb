#!/usr/bin/env node
/**
 * `npm test`: the whole suite against the real infrastructure. Installs dependencies (and, for
 * the browser suites, Debian's Chromium and CJK fonts) when missing, makes sure PostgreSQL,
 * Redis and Kafka are up (starting the local broker when KAFKA_BROKERS is unset), then runs the
 * backend suites (Jest: unit, integration, end-to-end, browser) and the web suites (Vitest), and ends with one line `tests: N passed, N failed, N skipped`.
 *
 * Extra arguments go to Jest (and the web suites are left out), e.g. `npm test -- apps/ledger`.
 *
 * A runner that runs too long is stopped and counts as a failure: GOODLOOP_TEST_TIMEOUT_MINUTES
 * for Jest (default 35; the suite takes under 10), GOODLOOP_WEB_TEST_TIMEOUT_MINUTES for Vitest
 * (default 10). How results are counted is in lib/test-tally.cjs.
 *
 * The test run's id (GOODLOOP_TEST_RUN) is chosen here, so that after Jest — finished, stopped
 * or crashed — everything the run created on PostgreSQL, Kafka and Redis is removed and anything
 * that could not be is reported (test/test-state.js). GOODLOOP_KEEP_TEST_STATE=1 keeps it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import testState from '../test/test-state.js';
import { ensureBrowser, ensureDependencies, ensureKafka, ensurePostgresAndRedis, log, root } from './lib/infra.mjs';
import tallies from './lib/test-tally.cjs';

const { tallyRunner, addTallies, summaryLine, exitCodeFor } = tallies;
const MINUTE = 60_000;

process.env.TZ = 'UTC';
ensureDependencies();
ensureBrowser();
await ensurePostgresAndRedis();
process.env.KAFKA_BROKERS = ensureKafka();
process.env.GOODLOOP_TEST_RUN ??= randomBytes(4).toString('hex');
const run = process.env.GOODLOOP_TEST_RUN;

const outDir = join(root, '.local', 'test-results');
mkdirSync(outDir, { recursive: true });
const jestJson = join(outDir, 'jest.json');
const vitestJson = join(outDir, 'vitest.json');
rmSync(jestJson, { force: true });
rmSync(vitestJson, { force: true });

const extra = process.argv.slice(2);
const onlyBackend = extra.length > 0;

function minutesFrom(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number of minutes, got ${process.env[name]}`);
  return value;
}

/**
 * Runs a command in a process group of its own (so that its workers go with it), stops the
 * group after `limitMs` (SIGTERM, then SIGKILL), and tells how it ended.
 */
function runLimited(command, args, { limitMs, env = process.env }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env, detached: true });
    let timedOut = false;
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${command} ${args[0]} has run for ${limitMs / MINUTE} min: stopping it`);
      signalGroup('SIGTERM');
      setTimeout(() => signalGroup('SIGKILL'), 15_000).unref();
    }, limitMs);
    // Ctrl-C or CI cancelling this script also stops the runner's group.
    const forward = (signal) => signalGroup(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ code, signal, ...(timedOut ? { timedOutAfterMs: limitMs } : {}) });
    });
  });
}

function readReport(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const results = [];

log(`backend suites (Jest), test run ${run}…`);
const jestExit = await runLimited('npx', ['jest', '--maxWorkers=2', '--json', `--outputFile=${jestJson}`, ...extra], {
  limitMs: minutesFrom('GOODLOOP_TEST_TIMEOUT_MINUTES', 35) * MINUTE,
  env: { ...process.env, NODE_ENV: 'test' },
});
results.push(tallyRunner('jest', readReport(jestJson), jestExit));

// The global teardown has cleaned up unless Jest never got there; either way, check and finish.
if (!process.env.GOODLOOP_KEEP_TEST_STATE) {
  try {
    // A stopped Jest leaves consumers the broker still counts as members for up to 30 s.
    const { problems } = await testState.cleanTestRun(run, { waitForGroupsMs: jestExit.code === 0 ? 0 : 45_000 });
    const left = await testState.countTestRun(run);
    const total = left.databases + left.topics + left.groups + left.acls + left.redisKeys;
    if (problems.length || total > 0) {
      log(`test run ${run} left behind ${JSON.stringify(left)}${problems.length ? `: ${problems.join('; ')}` : ''}`);
    }
  } catch (error) {
    log(`could not check what test run ${run} left behind: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (!onlyBackend) {
  log('web suites (Vitest)…');
  const vitestExit = await runLimited(
    'npx',
    [
      'vitest',
      'run',
      '--config',
      'apps/web/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${vitestJson}`,
    ],
    { limitMs: minutesFrom('GOODLOOP_WEB_TEST_TIMEOUT_MINUTES', 10) * MINUTE },
  );
  results.push(tallyRunner('vitest', readReport(vitestJson), vitestExit));
}

const total = addTallies(results);
if (total.notes.length) log(total.notes.join('; '));
console.log(summaryLine(total));
process.exit(exitCodeFor(total));
