#!/usr/bin/env node
/**
 * `npm start`: brings the whole platform up on this machine and prints the URL.
 *
 * 1. installs dependencies when missing; 2. checks PostgreSQL and Redis (starting the local
 * ones when down); 3. starts the local Kafka broker unless KAFKA_BROKERS names a cluster, and
 * applies its ACLs (SASL/SCRAM-SHA-512, one principal per service, scripts/lib/kafka-acls.mjs);
 * 4. builds the backend and the web app; 5. starts every service of scripts/lib/services.mjs, the gateway last (each creates
 * its database and applies its migrations); 6. loads the demo data once; 7. prints the URL and
 * the demo accounts, and keeps running until Ctrl-C (the Kafka broker keeps running; stop it
 * with `npm run kafka:stop`).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureDependencies,
  ensureKafka,
  ensureLocalGatewayKeys,
  ensurePostgresAndRedis,
  log,
  root,
  run,
  serviceKafkaEnv,
  serviceNodeArgs,
} from './lib/infra.mjs';
import { applyKafkaAcls } from './lib/kafka-acls.mjs';

import { SERVICES } from './lib/services.mjs';

ensureDependencies();
await ensurePostgresAndRedis();
const brokers = ensureKafka();
if (process.env.KAFKA_SASL_MECHANISM && process.env.KAFKA_USERNAME === 'admin') {
  // The local broker (or a cluster whose admin the environment names): each service may write
  // and read only its own topics (libs/contracts/src/topic-access.ts).
  const acls = await applyKafkaAcls();
  log(`Kafka ACLs applied (${acls.created} bindings, ${acls.deleted} stale ones removed)`);
}
log('building…');
run('node', ['scripts/build.mjs']);

ensureLocalGatewayKeys();

const logDir = join(process.env.GOODLOOP_DATA_DIR ?? join(root, '.local'), 'logs');
mkdirSync(logDir, { recursive: true });
const children = [];
let stopping = false;

for (const service of SERVICES) {
  const file = createWriteStream(join(logDir, `${service.name}.log`), { flags: 'a' });
  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    // Each service logs in as itself (User:<service>), never as the admin.
    ...serviceKafkaEnv(service.name),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    // PORT names the gateway's port; every other service listens on its own (services.mjs).
    PORT: service.name === 'gateway' ? (process.env.PORT ?? String(service.port)) : String(service.port),
    ...(service.name === 'gateway' ? { DEMO_SEED: process.env.DEMO_SEED ?? 'true' } : {}),
    // The sandbox payment provider confirms through the gateway's public webhook.
    ...(service.name === 'donations' && !process.env.SANDBOX_WEBHOOK_URL
      ? { SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${process.env.PORT ?? '3000'}/api/v1/payments/webhook` }
      : {}),
  };
  // The other services' Kafka passwords stay here.
  for (const name of Object.keys(env)) if (name.startsWith('KAFKA_PASSWORD_')) delete env[name];
  const child = spawn(process.execPath, [...serviceNodeArgs(service.name), `dist/apps/${service.name}/src/main.js`], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(file, { end: false });
    stream.on('data', (chunk) => echoImportant(service.name, chunk));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${service.name} exited (${code ?? signal}); see ${join(logDir, `${service.name}.log`)}`);
    shutdown(1);
  });
  children.push(child);
}

/** Warnings and errors reach the terminal; everything goes to .local/logs/<service>.log. */
function echoImportant(name, chunk) {
  for (const line of chunk.toString().split('\n')) {
    if (!line.trim()) continue;
    let level = 30;
    let msg = line;
    try {
      const parsed = JSON.parse(line);
      level = parsed.level ?? 30;
      msg = parsed.msg ?? line;
    } catch {
      level = 50;
    }
    if (level >= 40) console.log(`[${name}] ${msg}`);
  }
}

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping services…');
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const gatewayPort = process.env.PORT ?? SERVICES.find((s) => s.name === 'gateway').port;
const base = `http://127.0.0.1:${gatewayPort}`;
await waitForHealth(`${base}/api/v1/health`);
const { seedDemoActivities } = await import('./lib/demo-activities.mjs');
await seedDemoActivities(base);
const { seedDemoDonations } = await import('./lib/demo-donations.mjs');
await seedDemoDonations(base);
const { seedDemoMatching } = await import('./lib/demo-matching.mjs');
await seedDemoMatching(base);

console.log(`
  GoodLoop is running: \x1b[1m${base}/\x1b[0m
  API docs:            ${base}/api/docs
  Logs:                ${logDir}

  Demo accounts (password GoodLoop-demo-2026):
    resident@demo.goodloop.local    organizer@demo.goodloop.local   business@demo.goodloop.local
    foundation@demo.goodloop.local  reviewer@demo.goodloop.local    donor@demo.goodloop.local
    admin@demo.goodloop.local

  Ctrl-C stops the services; \`npm run kafka:stop\` stops the Kafka broker.
`);

async function waitForHealth(url) {
  const deadline = Date.now() + 180_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      const body = await res.json();
      if (body.status === 'ok') return;
      last = JSON.stringify(body);
    } catch (error) {
      last = String(error.message ?? error);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  log(`the platform did not become healthy in time: ${last}`);
  shutdown(1);
}
