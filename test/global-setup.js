/* Global setup for integration tests: one run id, the local Kafka broker, quiet logs. */
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const path = require('node:path');

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC';
  process.env.GOODLOOP_TEST_RUN ??= randomBytes(4).toString('hex');
  process.env.LOG_LEVEL ??= 'warn';
  if (!process.env.KAFKA_BROKERS) {
    execFileSync('bash', [path.join(__dirname, '..', 'deploy', 'kafka', 'kafka.sh'), 'start'], { stdio: 'inherit' });
    process.env.KAFKA_BROKERS = `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
  }
};
