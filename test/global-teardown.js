/* Drops this run's databases and topics, so repeated runs leave nothing behind. */
const { Client } = require('pg');
const { Kafka, logLevel } = require('kafkajs');

module.exports = async function globalTeardown() {
  const run = process.env.GOODLOOP_TEST_RUN;
  if (!run || process.env.GOODLOOP_KEEP_TEST_STATE) return;
  const client = new Client({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`gl_t${run}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const kafka = new Kafka({
    clientId: 'test-teardown',
    brokers: process.env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`t${run}`));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`t${run}`));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
  } catch {
    /* best effort: the broker may already be gone */
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};
