/**
 * The local Kafka broker's SCRAM-SHA-512 credentials: one principal per backend service of
 * scripts/lib/services.mjs (user name = service name) plus `admin`, the broker's super user that
 * deploy/kafka/kafka.sh, the topic and ACL set-up and the test harness use. The passwords are
 * generated once into `${GOODLOOP_DATA_DIR:-.local}/secrets.json`, next to the JWT secret and the
 * gateway key pair, as `KAFKA_PASSWORD_ADMIN`, `KAFKA_PASSWORD_<SERVICE>`.
 *
 * Plain Node, no dependencies: deploy/kafka/kafka.sh runs it to learn which users to create.
 *
 *   node scripts/lib/kafka-secrets.mjs              prints `name password` lines, admin first
 *   node scripts/lib/kafka-secrets.mjs --env-json   prints localKafkaEnv() as JSON
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES } from './services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const KAFKA_ADMIN_USER = 'admin';

/** The secrets.json key holding principal `name`'s password. */
export function kafkaPasswordKey(name) {
  return `KAFKA_PASSWORD_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function secretsFile(env = process.env) {
  return join(resolve(env.GOODLOOP_DATA_DIR ?? join(root, '.local')), 'secrets.json');
}

/**
 * `{ admin: password, users: { [service]: password } }`, generating what is missing. Base64url
 * passwords: no quote, comma or bracket that JAAS or kafka-configs would have to escape.
 */
export function ensureKafkaSecrets(env = process.env) {
  const file = secretsFile(env);
  const read = () => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return {}; // first use
    }
  };
  const secrets = read();
  const names = [KAFKA_ADMIN_USER, ...SERVICES.map((s) => s.name)];
  const missing = names.filter((name) => !secrets[kafkaPasswordKey(name)]);
  if (missing.length > 0) {
    for (const name of missing) secrets[kafkaPasswordKey(name)] = randomBytes(24).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  const settled = read();
  const pick = (name) => settled[kafkaPasswordKey(name)] ?? secrets[kafkaPasswordKey(name)];
  return {
    admin: pick(KAFKA_ADMIN_USER),
    users: Object.fromEntries(SERVICES.map((s) => [s.name, pick(s.name)])),
  };
}

/**
 * The environment that points clients at the local, authenticated broker: SCRAM-SHA-512 as
 * `admin` for tools and test kits, and `KAFKA_PASSWORD_<SERVICE>` for each service, which
 * `npm start` and the test harness turn into that service's own KAFKA_USERNAME/KAFKA_PASSWORD.
 */
export function localKafkaEnv(env = process.env) {
  const { admin, users } = ensureKafkaSecrets(env);
  return {
    KAFKA_BROKERS: `127.0.0.1:${env.KAFKA_PORT ?? '9092'}`,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_USERNAME: KAFKA_ADMIN_USER,
    KAFKA_PASSWORD: admin,
    ...Object.fromEntries(Object.entries(users).map(([name, password]) => [kafkaPasswordKey(name), password])),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--env-json') {
    process.stdout.write(`${JSON.stringify(localKafkaEnv())}\n`);
    process.exit(0);
  }
  const { admin, users } = ensureKafkaSecrets();
  process.stdout.write(`${KAFKA_ADMIN_USER} ${admin}\n`);
  for (const [name, password] of Object.entries(users)) process.stdout.write(`${name} ${password}\n`);
}
