#!/usr/bin/env node
/**
 * npm run dlq:redrive -- <service> <topic> [--since <ISO time | 90m | 6h | 2d>] [--dry-run]
 *
 * Publishes once more to <topic> what <service>'s consumer dead-lettered from it (read from
 * <topic>.dlq), e.g. after the handler or the data it needed was fixed; prints how many.
 * KAFKA_BROKERS and KAFKA_TOPIC_PREFIX as for the services. It reads a dead-letter topic and
 * writes another service's topic, which no service principal may: it logs in as the operator —
 * KAFKA_SASL_MECHANISM / KAFKA_USERNAME / KAFKA_PASSWORD, or, without KAFKA_BROKERS, the local
 * broker's admin from secrets.json. See scripts/lib/dlq-redrive.cjs.
 */
import { createRequire } from 'node:module';
import { localKafkaEnv } from './lib/kafka-secrets.mjs';

const require = createRequire(import.meta.url);
const { redriveDeadLetters, parseSince } = require('./lib/dlq-redrive.cjs');

const usage = 'usage: npm run dlq:redrive -- <service> <topic> [--since <ISO time | 90m | 6h | 2d>] [--dry-run]';
const args = process.argv.slice(2);
const positional = [];
let since;
let dryRun = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--since') since = args[++i];
  else if (arg.startsWith('--since=')) since = arg.slice('--since='.length);
  else if (arg === '--dry-run') dryRun = true;
  else if (arg === '-h' || arg === '--help') {
    console.log(usage);
    process.exit(0);
  } else positional.push(arg);
}
const [service, topic] = positional;
if (!service || !topic || positional.length > 2 || (args.includes('--since') && !since)) {
  console.error(usage);
  process.exit(2);
}
if (!/^[a-z][a-z0-9-]*$/.test(service)) {
  console.error(`service "${service}" is not a service name (gateway, volunteers, ledger …)`);
  process.exit(2);
}
if (topic.endsWith('.dlq')) {
  console.error(`give the original topic (${topic.slice(0, -4)}), not its dead-letter topic`);
  process.exit(2);
}

// The local broker's admin when no cluster or login is given.
if (!process.env.KAFKA_BROKERS && !process.env.KAFKA_SASL_MECHANISM) Object.assign(process.env, localKafkaEnv());

try {
  const result = await redriveDeadLetters({
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    prefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
    service,
    topic,
    since: since ? parseSince(since) : undefined,
    dryRun,
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`dlq:redrive: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
