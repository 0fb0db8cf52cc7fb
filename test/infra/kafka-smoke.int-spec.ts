/**
 * Smoke test of the Kafka broker the project runs against (deploy/kafka/kafka.sh, or the
 * cluster named by KAFKA_BROKERS): topic creation, keyed produce, a consumer group reading
 * with eachBatch, offset commits, and a second group member resuming after those commits.
 */
import { randomBytes } from 'node:crypto';
import { testKafkaConfig } from '@goodloop/common/testing';
import { type Admin, type Consumer, type EachBatchPayload, Kafka, Partitioners, type Producer, logLevel } from 'kafkajs';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter((b) => b.length > 0);

const TEST_TIMEOUT_MS = 60_000;
const WAIT_TIMEOUT_MS = 45_000;
const PARTITIONS = 3;
const KEYS = 10;

// Prefixed with the test run (t<GOODLOOP_TEST_RUN>) when there is one, so that the global
// teardown also removes what a crashed run left behind.
const runPrefix = process.env.GOODLOOP_TEST_RUN ? `t${process.env.GOODLOOP_TEST_RUN}.` : '';
const runId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
const topic = `${runPrefix}smoke.${runId}`;
const groupId = `${runPrefix}smoke.${runId}.group`;

interface Received {
  partition: number;
  offset: bigint;
  key: string;
  /** The key as written into the value by the producer: must match the record key. */
  valueKey: string;
  round: number;
}

const kafka = new Kafka({
  clientId: `goodloop-smoke-${runId}`,
  ...testKafkaConfig(),
  brokers: BROKERS,
  logLevel: logLevel.ERROR,
  connectionTimeout: 5_000,
  retry: { retries: 8 },
});

let admin: Admin;
let producer: Producer;
const consumers: Consumer[] = [];

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = WAIT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends one message per key for `round` (value = `<key>:<round>`), all in one request. */
async function produceRound(round: number): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: KEYS }, (_, k) => ({
      key: `key-${k}`,
      value: `key-${k}:${round}`,
    })),
  });
}

/** Starts a consumer in the test group that records every message it is handed. */
async function startConsumer(sink: Received[]): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 250,
  });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const key = message.key?.toString() ?? '';
        const value = message.value?.toString() ?? '';
        const [valueKey, round] = value.split(':');
        sink.push({
          partition: batch.partition,
          offset: BigInt(message.offset),
          key,
          valueKey: valueKey ?? '',
          round: Number(round),
        });
        resolveOffset(message.offset);
        await heartbeat();
      }
      await commitOffsetsIfNecessary();
    },
  });
  return consumer;
}

/** Sum over partitions of the group's committed offsets and of the topic's end offsets. */
async function committedAndEnd(): Promise<{ committed: bigint; end: bigint }> {
  const [groupOffsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = (groupOffsets?.partitions ?? []).reduce(
    (sum, p) => sum + (BigInt(p.offset) > 0n ? BigInt(p.offset) : 0n),
    0n,
  );
  const end = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + BigInt(p.high), 0n);
  return { committed, end };
}

async function stopConsumer(consumer: Consumer): Promise<void> {
  await consumer.disconnect();
  consumers.splice(consumers.indexOf(consumer), 1);
}

describe(`Kafka smoke test against ${BROKERS.join(',')}`, () => {
  const firstRun: Received[] = [];

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    for (const consumer of [...consumers]) await consumer.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }, TEST_TIMEOUT_MS);

  it(
    'creates the topic with 3 partitions',
    async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(PARTITIONS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'delivers 30 keyed messages to a consumer group in key order and commits them',
    async () => {
      for (let round = 0; round < 3; round++) await produceRound(round);

      const consumer = await startConsumer(firstRun);
      await waitFor('30 messages', () => firstRun.length >= 3 * KEYS);
      // All offsets committed (by commitOffsetsIfNecessary or at the end of the batch).
      await waitFor('the group to commit all 30 offsets', async () => {
        const { committed, end } = await committedAndEnd();
        return end === 30n && committed === end;
      });
      await stopConsumer(consumer);

      expect(firstRun).toHaveLength(3 * KEYS);
      expect(firstRun.every((m) => m.valueKey === m.key)).toBe(true);
      // Every key lives in exactly one partition and arrives round 0, 1, 2 in order.
      for (let k = 0; k < KEYS; k++) {
        const forKey = firstRun.filter((m) => m.key === `key-${k}`);
        expect(forKey.map((m) => m.round)).toEqual([0, 1, 2]);
        expect(new Set(forKey.map((m) => m.partition)).size).toBe(1);
      }
      // Offsets grow within each partition, and the keys really spread over partitions.
      const partitions = new Set(firstRun.map((m) => m.partition));
      expect(partitions.size).toBeGreaterThan(1);
      for (const partition of partitions) {
        const offsets = firstRun.filter((m) => m.partition === partition).map((m) => m.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(new Set(offsets).size).toBe(offsets.length);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lets a new member of the same group resume after the committed offsets',
    async () => {
      expect(firstRun).toHaveLength(3 * KEYS);
      await produceRound(3);

      const secondRun: Received[] = [];
      const consumer = await startConsumer(secondRun);
      await waitFor('the 10 new messages', () => secondRun.length >= KEYS);
      await waitFor('the group to commit all 40 offsets', async () => {
        const { committed, end } = await committedAndEnd();
        return end === 40n && committed === end;
      });
      await stopConsumer(consumer);

      // Within a partition, an old message would have come before the new ones: having all
      // 10 new messages and nothing else means the group resumed exactly at its commits.
      expect(secondRun).toHaveLength(KEYS);
      expect(secondRun.every((m) => m.round === 3)).toBe(true);
      expect(new Set(secondRun.map((m) => m.key)).size).toBe(KEYS);
      for (const m of secondRun) {
        const earlier = firstRun.filter((f) => f.key === m.key);
        expect(m.partition).toBe(earlier[0]?.partition);
        expect(earlier.every((f) => f.offset < m.offset)).toBe(true);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
