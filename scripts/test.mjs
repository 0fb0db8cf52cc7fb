#!/usr/bin/env node
/**
 * `npm test`: the whole suite against the real infrastructure. Installs dependencies when
 * missing, makes sure PostgreSQL, Redis and Kafka are up (starting the local broker when
 * KAFKA_BROKERS is unset), then runs the backend suites (Jest: unit, integration, end-to-end)
 * and the web suites (Vitest), and ends with one line `tests: N passed, N failed`.
 *
 * Extra arguments go to Jest, e.g. `npm test -- apps/ledger`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, ensureKafka, ensurePostgresAndRedis, log, root } from './lib/infra.mjs';

process.env.TZ = 'UTC';
ensureDependencies();
await ensurePostgresAndRedis();
process.env.KAFKA_BROKERS = ensureKafka();

const outDir = join(root, '.local', 'test-results');
mkdirSync(outDir, { recursive: true });
const jestJson = join(outDir, 'jest.json');
const vitestJson = join(outDir, 'vitest.json');
rmSync(jestJson, { force: true });
rmSync(vitestJson, { force: true });

const extra = process.argv.slice(2);
const onlyBackend = extra.length > 0;

log('backend suites (Jest)…');
spawnSync('npx', ['jest', '--maxWorkers=2', '--json', `--outputFile=${jestJson}`, ...extra], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});

if (!onlyBackend) {
  log('web suites (Vitest)…');
  spawnSync(
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
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

let passed = 0;
let failed = 0;
const notes = [];
for (const [name, file] of [
  ['jest', jestJson],
  ['vitest', vitestJson],
]) {
  if (onlyBackend && name === 'vitest') continue;
  if (!existsSync(file)) {
    notes.push(`${name} wrote no results`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests ?? 0;
  failed += result.numFailedTests ?? 0;
  // A suite that crashes or fails to load has no failed test, but it is a failure all the same:
  // each such suite counts as one failed test.
  const crashed = (result.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'),
  );
  if (crashed.length > 0) {
    notes.push(`${name}: ${crashed.length} suite(s) failed to run`);
    failed += crashed.length;
  }
}
if (notes.length) log(notes.join('; '));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
