/**
 * The kafkajs `sasl` / `ssl` options of a script or test tool, from the same variables the
 * services read: KAFKA_SASL_MECHANISM (scram-sha-512, scram-sha-256, plain), KAFKA_USERNAME,
 * KAFKA_PASSWORD, KAFKA_SSL. None set: PLAINTEXT, as an external cluster without authentication
 * wants. Against the local broker `npm start`, `npm test` and the test global setup set them to
 * the admin user (scripts/lib/kafka-secrets.mjs).
 */
'use strict';

function kafkaSecurityFromEnv(env = process.env) {
  const options = {};
  if (['true', '1', 'yes', 'on'].includes(String(env.KAFKA_SSL ?? '').toLowerCase())) options.ssl = true;
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    if (!env.KAFKA_USERNAME || !env.KAFKA_PASSWORD) {
      throw new Error('KAFKA_SASL_MECHANISM is set: KAFKA_USERNAME and KAFKA_PASSWORD are needed too');
    }
    options.sasl = { mechanism, username: env.KAFKA_USERNAME, password: env.KAFKA_PASSWORD };
  }
  return options;
}

module.exports = { kafkaSecurityFromEnv };
