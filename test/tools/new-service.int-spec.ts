import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
}

/**
 * `npm run new:service` as a newcomer runs it, in a scratch copy of this working tree: the new
 * service type-checks with the whole platform, passes its own first tests (schema, its internal
 * API, and the gateway relaying its status route and reporting its health), and is wired into
 * `npm start`, compose and Kubernetes. The copy and everything its tests created are removed.
 */
describe('npm run new:service', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'goodloop-new-service-'));
    // The working tree as it is (tracked and new files, nothing git ignores), with this node_modules.
    const files = run(root, 'git', ['ls-files', '-co', '--exclude-standard']).stdout.split('\n').filter(Boolean);
    for (const file of files) {
      if (file === 'node_modules' || !existsSync(join(root, file))) continue;
      cpSync(join(root, file), join(scratch, file), { recursive: false, force: true, errorOnExist: false });
    }
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a name that is not kebab-case, and changes nothing', () => {
    const bad = run(scratch, process.execPath, ['scripts/new-service.mjs', 'Demo_Check']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/kebab-case/);
    expect(existsSync(join(scratch, 'apps', 'Demo_Check'))).toBe(false);
  });

  it('creates a service wired in everywhere, which type-checks and passes its own tests', () => {
    const made = run(scratch, process.execPath, ['scripts/new-service.mjs', 'demo-check']);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);

    const read = (file: string) => readFileSync(join(scratch, file), 'utf8');
    // The next port after the highest backend service's (the gateway's 3000 aside).
    const ports = [...readFileSync(join(root, 'scripts/lib/services.mjs'), 'utf8').matchAll(/port: (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    const port = Math.max(...ports.filter((p) => p !== 3000)) + 1;
    expect(read('scripts/lib/services.mjs')).toContain(`{ name: 'demo-check', port: ${port}, heapMb: `);
    expect(JSON.parse(read('nest-cli.json')).projects['demo-check']).toMatchObject({ root: 'apps/demo-check' });
    expect(read('apps/gateway/src/relay/services.ts')).toContain(`'demo-check': { url: (config) => config.DEMO_CHECK_URL`);
    expect(read('docker-compose.yml')).toContain(`DEMO_CHECK_URL: http://demo-check:${port}`);
    expect(read('deploy/k8s/kustomization.yaml')).toContain('- demo-check.yaml');
    expect(read('deploy/k8s/demo-check.yaml')).toContain('dist/apps/demo-check/src/main.js');
    // Its own Kafka user and ACL rows, for compose and Kubernetes.
    expect(read('deploy/k8s/demo-check.yaml')).toContain('name: goodloop-demo-check-kafka');
    expect(read('deploy/k8s/kafka-acls.sh')).toContain('user demo-check "${KAFKA_PASSWORD_DEMO_CHECK:?');
    expect(read('deploy/k8s/kafka-acls.sh')).toContain('--group "${P}demo-check"');
    expect(read('deploy/k8s/kafka-setup.yaml')).toContain('name: goodloop-demo-check-kafka');
    expect(read('docker-compose.yml')).toContain('KAFKA_USERNAME: demo-check');
    expect(read('README.md')).toContain('`apps/demo-check`');

    // A second run refuses instead of overwriting.
    const again = run(scratch, process.execPath, ['scripts/new-service.mjs', 'demo-check']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists already/);

    const typecheck = run(scratch, process.execPath, [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.json',
      '--noEmit',
    ]);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.status).toBe(0);

    // Its tests, in a run of their own: another run id, so this run's clean-up and theirs never meet.
    const tests = run(
      scratch,
      process.execPath,
      [
        join(root, 'node_modules/jest/bin/jest.js'),
        '--selectProjects',
        'integration',
        '--json',
        `--outputFile=${join(scratch, 'jest.json')}`,
        'apps/demo-check',
        'test/e2e/demo-check',
      ],
      { GOODLOOP_TEST_RUN: `${process.env.GOODLOOP_TEST_RUN ?? 'x'}n`, TZ: 'UTC' },
    );
    if (!existsSync(join(scratch, 'jest.json')))
      throw new Error(`the generated service's tests did not run:\n${tests.stderr.slice(-3000)}`);
    const report = JSON.parse(readFileSync(join(scratch, 'jest.json'), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numTotalTestSuites: number;
    };
    expect({ status: tests.status, failed: report.numFailedTests, suites: report.numTotalTestSuites }).toEqual({
      status: 0,
      failed: 0,
      suites: 3,
    });
    expect(report.numPassedTests).toBeGreaterThanOrEqual(7);
  });
});
