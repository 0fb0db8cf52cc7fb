/**
 * What one test run leaves on the shared infrastructure, and how to remove it. Every name a
 * run creates carries its id (GOODLOOP_TEST_RUN, 8 hex digits) as `t<run>`:
 *
 * - PostgreSQL databases `gl_t<run>_<service>[_<suite>]` (libs/common/src/testing/test-env.ts);
 * - Kafka topics and consumer groups `t<run>[-<suite>].<name>` (topic prefix of each suite), and,
 *   against an authenticated broker, the ACLs granted on them (libs/common/src/testing/kafka-acl.ts);
 * - Redis keys with the topic prefix in them: BullMQ queues `goodloop:t<run>-<suite>.:<queue>:…`,
 *   rate-limit counters `t<run>-<suite>.goodloop:throttle:…`.
 *
 * The integration project's global teardown calls `cleanTestRun`; scripts/test.mjs calls it
 * again after Jest has ended, stopped or crashed, so that a run that never reached its teardown
 * is cleaned up as well. From a shell:
 *
 *   node test/test-state.js count <run>     # what is there
 *   node test/test-state.js clean <run>     # remove it
 */
'use strict';
const { Client } = require('pg');
const { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = require('kafkajs');
const Redis = require('ioredis');
const { kafkaSecurityFromEnv } = require('../scripts/lib/kafka-env.cjs');

const TOPIC_CHUNK = 50;

function pgClient() {
  return new Client({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
    database: 'postgres',
  });
}

function kafkaAdmin() {
  return new Kafka({
    clientId: 'test-state',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    ...kafkaSecurityFromEnv(),
    logLevel: logLevel.NOTHING,
  }).admin();
}

function redisClient() {
  return new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 2 });
}

function checkRun(run) {
  if (!/^[0-9a-z]{4,32}$/.test(run ?? '')) throw new Error(`not a test run id: ${JSON.stringify(run)}`);
  return `t${run}`;
}

async function databasesOf(client, tag) {
  const { rows } = await client.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname', [
    `gl_${tag}_`,
  ]);
  return rows.map((r) => r.datname);
}

async function redisKeysOf(redis, tag) {
  const keys = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `*${tag}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

const ownedBy = (tag) => (name) => name.startsWith(tag);

/**
 * The ACL bindings on the run's topics and groups. Only against an authenticated broker (the
 * environment names a SASL login): a broker without an authorizer answers SECURITY_DISABLED.
 */
async function aclsOf(admin, tag) {
  if (!process.env.KAFKA_SASL_MECHANISM) return [];
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return resources
    .filter((r) => r.resourceName.startsWith(tag))
    .flatMap((r) =>
      r.acls.map((acl) => ({
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        resourcePatternType: r.resourcePatternType,
        ...acl,
      })),
    );
}

/** How many databases, topics, consumer groups and Redis keys of the run exist now. */
async function countTestRun(run) {
  const tag = checkRun(run);
  const counts = { databases: 0, topics: 0, groups: 0, acls: 0, redisKeys: 0 };
  const pg = pgClient();
  await pg.connect();
  try {
    counts.databases = (await databasesOf(pg, tag)).length;
  } finally {
    await pg.end();
  }
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    counts.topics = (await admin.listTopics()).filter(ownedBy(tag)).length;
    counts.groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(ownedBy(tag)).length;
    counts.acls = (await aclsOf(admin, tag)).length;
  } finally {
    await admin.disconnect();
  }
  const redis = redisClient();
  await redis.connect();
  try {
    counts.redisKeys = (await redisKeysOf(redis, tag)).length;
  } finally {
    redis.disconnect();
  }
  return counts;
}

/**
 * Removes everything of the run. Each store is cleaned on its own, so a broker that does not
 * answer still lets the databases and keys go; what could not be removed comes back in
 * `problems` (the caller reports it) instead of being swallowed. `waitForGroupsMs`: how long to
 * keep trying consumer groups that still have members.
 */
async function cleanTestRun(run, { waitForGroupsMs = 0 } = {}) {
  const tag = checkRun(run);
  const removed = { databases: 0, topics: 0, groups: 0, acls: 0, redisKeys: 0 };
  const problems = [];
  const attempt = async (what, fn) => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  await attempt('postgres', async () => {
    const pg = pgClient();
    await pg.connect();
    try {
      for (const name of await databasesOf(pg, tag)) {
        await attempt(`drop database ${name}`, async () => {
          await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          removed.databases += 1;
        });
      }
    } finally {
      await pg.end();
    }
  });

  await attempt('kafka', async () => {
    const admin = kafkaAdmin();
    await admin.connect();
    try {
      // Groups first: a group's committed offsets name its topics. After a normal run its
      // consumers have left; after a killed one the broker keeps the dead members until their
      // session times out (30 s by default), so non-empty groups are tried again for a while.
      const deadline = Date.now() + waitForGroupsMs;
      let groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(ownedBy(tag));
      for (;;) {
        const busy = [];
        await attempt('delete consumer groups', async () => {
          const results = groups.length
            ? await admin.deleteGroups(groups).catch((error) => error.groups ?? Promise.reject(error))
            : [];
          for (const result of results) {
            if (!result.errorCode) removed.groups += 1;
            else if (result.error?.type === 'NON_EMPTY_GROUP') busy.push(result.groupId);
            else problems.push(`group ${result.groupId}: ${result.error?.type ?? result.errorCode}`);
          }
        });
        if (busy.length === 0) break;
        if (Date.now() > deadline) {
          problems.push(`groups still have members: ${busy.join(', ')}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        groups = busy;
      }
      // Topics in chunks (one request naming hundreds of topics outlasts its own timeout), each
      // chunk tried again once.
      const topics = (await admin.listTopics()).filter(ownedBy(tag));
      for (let i = 0; i < topics.length; i += TOPIC_CHUNK) {
        const chunk = topics.slice(i, i + TOPIC_CHUNK);
        await attempt(`delete ${chunk.length} topics`, async () => {
          try {
            await admin.deleteTopics({ topics: chunk, timeout: 30_000 });
          } catch {
            const left = new Set(await admin.listTopics());
            await admin.deleteTopics({ topics: chunk.filter((t) => left.has(t)), timeout: 30_000 });
          }
          removed.topics += chunk.length;
        });
      }
      await attempt('delete ACLs', async () => {
        const acls = await aclsOf(admin, tag);
        for (let i = 0; i < acls.length; i += 200) {
          await admin.deleteAcls({ filters: acls.slice(i, i + 200) });
          removed.acls += Math.min(200, acls.length - i);
        }
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  });

  await attempt('redis', async () => {
    const redis = redisClient();
    await redis.connect();
    try {
      const keys = await redisKeysOf(redis, tag);
      for (let i = 0; i < keys.length; i += 500) {
        removed.redisKeys += await redis.unlink(...keys.slice(i, i + 500));
      }
    } finally {
      redis.disconnect();
    }
  });

  return { removed, problems };
}

module.exports = { countTestRun, cleanTestRun };

if (require.main === module) {
  const [command, run] = process.argv.slice(2);
  const work =
    command === 'clean' ? cleanTestRun(run, { waitForGroupsMs: 60_000 }) : command === 'count' ? countTestRun(run) : undefined;
  if (!work) {
    console.error('usage: node test/test-state.js count|clean <run>');
    process.exit(2);
  }
  work.then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(result.problems?.length ? 1 : 0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
