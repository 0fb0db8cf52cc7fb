/**
 * Shared by `npm start` and `npm test`: make sure dependencies are installed and the real
 * infrastructure (PostgreSQL, Redis, Kafka) is reachable, starting what this machine can start.
 * Plain Node (no dependencies), because it runs before `npm ci` has.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaPasswordKey, localKafkaEnv } from './kafka-secrets.mjs';
import { SERVICES } from './services.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function log(message) {
  console.log(`\x1b[36m[goodloop]\x1b[0m ${message}`);
}

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** `npm ci` when node_modules is missing or older than the lock file. */
/**
 * Installs dependencies when node_modules does not hold what package-lock.json asks for: every
 * package the lock requires (optional ones may be absent) at its version, as npm records in
 * node_modules/.package-lock.json. The content counts, not modification times: a fresh checkout
 * of the same lock (another clone, a worktree sharing node_modules, CI after its own `npm ci`)
 * does not reinstall.
 */
export function ensureDependencies() {
  if (installedMatchesLock()) return;
  const modules = join(root, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    // npm ci empties node_modules through the link: the checkout it points to (and every other
    // checkout sharing it) would lose its dependencies while this one installs.
    const target = realpathSync(modules);
    if (readdirSync(target).length > 0) {
      log(
        `node_modules links to ${target}, which does not hold what this package-lock.json asks: not reinstalling through the link`,
      );
      log(`run npm ci in ${dirname(target)} (or replace the link with a folder of this checkout's own)`);
      process.exit(1);
    }
  }
  log('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function installedMatchesLock() {
  const hidden = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hidden)) return false;
  try {
    const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
    return Object.entries(wanted).every(
      ([path, pkg]) => path === '' || pkg.optional || pkg.link || installed[path]?.version === pkg.version,
    );
  } catch {
    return false;
  }
}

export function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitPort(host, port, what, seconds = 30) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await portOpen(host, port)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} is not reachable on ${host}:${port}`);
}

/** PostgreSQL and Redis run on this kind of machine; start them with its own commands if down. */
export async function ensurePostgresAndRedis() {
  const pgHost = process.env.PGHOST ?? '127.0.0.1';
  const pgPort = Number(process.env.PGPORT ?? 5432);
  if (!(await portOpen(pgHost, pgPort))) {
    if (pgHost === '127.0.0.1' || pgHost === 'localhost') {
      log('PostgreSQL is down; starting the local cluster…');
      const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
      if (versions[0])
        spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start'], { stdio: 'inherit' });
    }
    await waitPort(pgHost, pgPort, 'PostgreSQL');
  }
  const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const redisPort = Number(redis.port || 6379);
  if (!(await portOpen(redis.hostname, redisPort))) {
    if (redis.hostname === '127.0.0.1' || redis.hostname === 'localhost') {
      log('Redis is down; starting a local one…');
      spawnSync(
        'redis-server',
        ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'],
        {
          stdio: 'inherit',
        },
      );
    }
    await waitPort(redis.hostname, redisPort, 'Redis');
  }
}

/**
 * The Kafka cluster to use: KAFKA_BROKERS as given (with the SASL settings of the environment, if
 * any: KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD, KAFKA_PASSWORD_<SERVICE>), or the
 * local broker started from deploy/kafka, which is authenticated: then this process's
 * environment gets the local credentials (the admin user for tools, KAFKA_PASSWORD_<SERVICE> for
 * each service; see scripts/lib/kafka-secrets.mjs), so everything started from here logs in.
 */
export function ensureKafka() {
  if (process.env.KAFKA_BROKERS) {
    log(
      `using Kafka at ${process.env.KAFKA_BROKERS}${process.env.KAFKA_SASL_MECHANISM ? ` (SASL ${process.env.KAFKA_SASL_MECHANISM})` : ''}`,
    );
    return process.env.KAFKA_BROKERS;
  }
  execFileSync('bash', [join(root, 'deploy', 'kafka', 'kafka.sh'), 'start'], { stdio: 'inherit' });
  Object.assign(process.env, localKafkaEnv());
  return process.env.KAFKA_BROKERS;
}

/**
 * The Kafka login of service `name`: its own principal when the environment holds its password
 * (KAFKA_PASSWORD_<SERVICE>), else whatever KAFKA_USERNAME / KAFKA_PASSWORD the environment gives.
 */
export function serviceKafkaEnv(name, env = process.env) {
  const password = env[kafkaPasswordKey(name)];
  return env.KAFKA_SASL_MECHANISM && password ? { KAFKA_USERNAME: name, KAFKA_PASSWORD: password } : {};
}

/**
 * Node flags a service runs with, here, in the bench and in the containers alike: its heap cap
 * from scripts/lib/services.mjs (a busy ledger would otherwise sit at 350 MB of mostly dead
 * batches instead of under 300 MB).
 */
/**
 * Debian's packages the suites need beyond Node: Chromium and CJK fonts for the browser suites,
 * and poppler-utils, whose `pdftotext` reads the receipts and reports back as text.
 */
const BROWSER_PACKAGES = ['chromium', 'fonts-noto-cjk', 'poppler-utils'];

/**
 * Makes sure the browser suites have a Chromium (CHROMIUM_PATH, or Debian's /usr/bin/chromium)
 * and CJK fonts: installs them with apt-get when missing and this runs as root, as on the
 * project's machines; otherwise says what to install (the browser suites then fail with the same
 * hint rather than skip).
 */
export function ensureBrowser() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return;
  const dpkgHas = (pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
  const missing = BROWSER_PACKAGES.filter((pkg) =>
    pkg === 'chromium' ? !existsSync('/usr/bin/chromium') : pkg === 'poppler-utils' ? !existsSync('/usr/bin/pdftotext') : !dpkgHas(pkg),
  );
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    log(`the browser suites need ${missing.join(' and ')}: apt-get install -y ${missing.join(' ')}`);
    return;
  }
  log(`installing ${missing.join(' and ')} for the browser suites (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0 || install.status !== 0) log(`could not install ${missing.join(' ')}; the browser suites will say so`);
}

/**
 * Puts the gateway's call-token key pair (Ed25519, base64 DER) into `.local/secrets.json` before
 * the services start, unless the environment gives both halves. The services would generate it
 * themselves (libs/common/src/config/local-secrets.ts), but started together on a fresh checkout
 * two of them could each keep a pair of their own, and the gateway's calls would be refused.
 */
export function ensureLocalGatewayKeys() {
  if (process.env.GATEWAY_SIGNING_KEY && process.env.GATEWAY_VERIFY_KEY) return;
  const file = join(process.env.GOODLOOP_DATA_DIR ?? join(root, '.local'), 'secrets.json');
  let secrets = {};
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    /* first start: created below */
  }
  if (secrets.GATEWAY_SIGNING_KEY && secrets.GATEWAY_VERIFY_KEY) return;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  secrets.GATEWAY_SIGNING_KEY = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  secrets.GATEWAY_VERIFY_KEY = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  log('generated the gateway key pair into .local/secrets.json');
}

export function serviceNodeArgs(name) {
  const heapMb = SERVICES.find((s) => s.name === name)?.heapMb ?? 256;
  return ['--enable-source-maps', `--max-old-space-size=${heapMb}`];
}
