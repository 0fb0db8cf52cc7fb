/**
 * Re-drives dead-lettered messages: reads `<prefix><topic>.dlq` (from `since`, or from its
 * beginning) up to what it holds now, keeps the messages that `<prefix><service>`'s consumer
 * dead-lettered from `<topic>` (the `goodloop-dlq-consumer-group` and `-original-topic`
 * headers), and publishes each once more to `<prefix><topic>` with its original key, value and
 * headers (the dead-letter headers dropped, `goodloop-redriven-at` added). The same message
 * dead-lettered twice is re-driven once per run (by its `goodloop-message-id`).
 *
 * Safe to run twice: every consumer records applied message ids in its inbox, and the ledger's
 * batch commands carry their transfer ids, so a message that already applied changes nothing.
 * A message that still fails goes back to the dead-letter topic with its new reason.
 *
 * Plain CommonJS on kafkajs, so that `npm run dlq:redrive` needs no build; its test is
 * test/tools/dlq-redrive.int-spec.ts.
 */
'use strict';

const { randomBytes } = require('node:crypto');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { kafkaSecurityFromEnv } = require('./kafka-env.cjs');

const DLQ_HEADER_PREFIX = 'goodloop-dlq-';
const Headers = {
  group: 'goodloop-dlq-consumer-group',
  topic: 'goodloop-dlq-original-topic',
  messageId: 'goodloop-message-id',
  redrivenAt: 'goodloop-redriven-at',
};

/**
 * @param {{ brokers: string, prefix?: string, service: string, topic: string, since?: Date,
 *           dryRun?: boolean, kafka?: import('kafkajs').Kafka, log?: (line: string) => void }} options
 * @returns {Promise<{ scanned: number, matched: number, redriven: number }>}
 */
async function redriveDeadLetters(options) {
  const prefix = options.prefix ?? '';
  const log = options.log ?? (() => undefined);
  const kafka =
    options.kafka ??
    new Kafka({
      clientId: `goodloop-dlq-redrive-${options.service}`,
      brokers: options.brokers.split(',').map((b) => b.trim()),
      // The operator's login (KAFKA_SASL_MECHANISM / KAFKA_USERNAME / KAFKA_PASSWORD): it reads the
      // dead letters and writes the topic back, which no single service's ACLs allow.
      ...kafkaSecurityFromEnv(),
      logLevel: logLevel.NOTHING,
    });
  const dlq = `${prefix}${options.topic}.dlq`;
  const target = `${prefix}${options.topic}`;
  const group = `${prefix}${options.service}`;

  const admin = kafka.admin();
  await admin.connect();
  /** @type {Map<number, { from: bigint, to: bigint }>} partition → [from, to) */
  const ranges = new Map();
  try {
    const ends = await admin.fetchTopicOffsets(dlq);
    const starts = options.since
      ? await admin.fetchTopicOffsetsByTimestamp(dlq, options.since.getTime())
      : ends.map((e) => ({ partition: e.partition, offset: e.low }));
    for (const end of ends) {
      const start = starts.find((s) => s.partition === end.partition);
      // Past the last message (-1, or the high watermark): nothing from this partition.
      const from = start && BigInt(start.offset) >= 0n ? BigInt(start.offset) : BigInt(end.high);
      const to = BigInt(end.high);
      if (from < to) ranges.set(end.partition, { from, to });
    }
  } finally {
    await admin.disconnect();
  }
  const result = { scanned: 0, matched: 0, redriven: 0 };
  if (ranges.size === 0) return result;

  /** @type {{ key: Buffer | null, value: Buffer | null, headers: Record<string, Buffer | string> }[]} */
  const toSend = [];
  const seen = new Set();
  const consumerGroup = `${prefix}dlq-redrive-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId: consumerGroup, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [dlq], fromBeginning: true });
    const remaining = new Set(ranges.keys());
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = ranges.get(partition);
        if (!range || !remaining.has(partition)) return;
        const offset = BigInt(message.offset);
        if (offset < range.from) return;
        if (offset < range.to) {
          result.scanned++;
          const headers = message.headers ?? {};
          if (text(headers[Headers.group]) === group && text(headers[Headers.topic]) === options.topic) {
            result.matched++;
            const id = text(headers[Headers.messageId]) ?? `${partition}:${message.offset}`;
            if (!seen.has(id)) {
              seen.add(id);
              /** @type {Record<string, Buffer | string>} */
              const kept = {};
              for (const [name, value] of Object.entries(headers)) {
                if (!name.startsWith(DLQ_HEADER_PREFIX) && value !== undefined)
                  kept[name] = /** @type {Buffer | string} */ (value);
              }
              kept[Headers.redrivenAt] = new Date().toISOString();
              toSend.push({ key: message.key, value: message.value, headers: kept });
            }
          }
        }
        if (offset >= range.to - 1n) {
          remaining.delete(partition);
          if (remaining.size === 0) done();
        }
      },
    });
    for (const [partition, { from }] of ranges) consumer.seek({ topic: dlq, partition, offset: String(from) });
    const timeout = setTimeout(() => done(new Error('timed out reading the dead-letter topic')), 120_000);
    const outcome = await finished;
    clearTimeout(timeout);
    if (outcome instanceof Error) throw outcome;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup.connect().catch(() => undefined);
    await cleanup.deleteGroups([consumerGroup]).catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }

  if (!options.dryRun && toSend.length > 0) {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      // In the dead-letter topic's order; one key's messages stay in order on the target partition.
      for (let i = 0; i < toSend.length; i += 500) {
        await producer.send({ topic: target, acks: -1, messages: toSend.slice(i, i + 500) });
      }
    } finally {
      await producer.disconnect();
    }
    result.redriven = toSend.length;
  }
  log(
    `${options.dryRun ? 'would re-drive' : 're-drove'} ${toSend.length} message(s) from ${dlq} to ${target} ` +
      `(${result.matched} dead-lettered by ${group} of ${result.scanned} read)`,
  );
  return result;
}

/** @param {unknown} value */
function text(value) {
  if (value === undefined || value === null) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/**
 * `--since` as an ISO time (`2026-12-01T08:00:00Z`) or a span back from now (`90m`, `6h`, `2d`).
 * @param {string} value
 * @param {Date} [now]
 */
function parseSince(value, now = new Date()) {
  const span = /^(\d+)([smhd])$/.exec(value);
  if (span) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[/** @type {'s'|'m'|'h'|'d'} */ (span[2])];
    return new Date(now.getTime() - Number(span[1]) * unit);
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new Error(`--since ${value}: expected an ISO time (2026-12-01T08:00:00Z) or a span (90m, 6h, 2d)`);
  }
  return at;
}

module.exports = { redriveDeadLetters, parseSince };
