/*
 * Global setup for integration tests: one run id, the local Kafka broker, quiet logs.
 *
 * Without KAFKA_BROKERS the local broker is started, and it is authenticated (SASL/SCRAM-SHA-512
 * with ACLs): the environment then gets the admin's login for the test kits and each service's
 * password (KAFKA_PASSWORD_<SERVICE>), which the service harness turns into that service's own
 * login. With KAFKA_BROKERS the run uses that cluster as the environment describes it (with
 * KAFKA_SASL_MECHANISM / KAFKA_USERNAME / KAFKA_PASSWORD, or PLAINTEXT without).
 */
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const path = require('node:path');

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC';
  process.env.GOODLOOP_TEST_RUN ??= randomBytes(4).toString('hex');
  process.env.LOG_LEVEL ??= 'warn';
  if (!process.env.KAFKA_BROKERS) {
    const root = path.join(__dirname, '..');
    execFileSync('bash', [path.join(root, 'deploy', 'kafka', 'kafka.sh'), 'start'], { stdio: 'inherit' });
    const local = execFileSync(process.execPath, [path.join(root, 'scripts', 'lib', 'kafka-secrets.mjs'), '--env-json'], {
      encoding: 'utf8',
    });
    Object.assign(process.env, JSON.parse(local));
  }
};
