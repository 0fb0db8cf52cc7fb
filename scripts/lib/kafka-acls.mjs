/**
 * Applies the Kafka ACLs of libs/contracts/src/topic-access.ts (who writes and who reads each
 * topic) for every service of scripts/lib/services.mjs under one topic prefix, with the admin
 * user's kafkajs admin client: creates the bindings the table asks for and deletes, on the
 * platform's topics and groups under that prefix, those it no longer asks for (a service that
 * stopped producing a topic loses the right). Used by `npm start`; the test harness applies the
 * same table for each suite's prefix (libs/common/src/testing/kafka-acl.ts).
 *
 *   node scripts/lib/kafka-acls.mjs                  applies them for KAFKA_TOPIC_PREFIX with the env's admin
 *   node scripts/lib/kafka-acls.mjs --write-deploy   regenerates deploy/k8s/kafka-acls.sh and kafka-setup.yaml
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES } from './services.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const { kafkaSecurityFromEnv } = require('./kafka-env.cjs');

/**
 * Loads a dependency-free TypeScript module of libs/contracts (and the relative .ts files it
 * imports) with SWC, before any build: the table is read from its one source.
 */
export function requireTs(file, cache = new Map()) {
  if (cache.has(file)) return cache.get(file).exports;
  const { transformSync } = require('@swc/core');
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    filename: file,
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const mod = new Module(file);
  mod.filename = file;
  cache.set(file, mod);
  const localRequire = (request) =>
    request.startsWith('.') ? requireTs(resolve(dirname(file), `${request}.ts`), cache) : require(request);
  new Function('exports', 'require', 'module', '__filename', '__dirname', code)(
    mod.exports,
    localRequire,
    mod,
    file,
    dirname(file),
  );
  return mod.exports;
}

export function topicAccess() {
  return requireTs(join(root, 'libs', 'contracts', 'src', 'topic-access.ts'));
}

/** kafkajs createAcls entries of the table's bindings. */
function toKafkajs(kafkajs, binding) {
  const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;
  return {
    resourceType: binding.resourceType === 'group' ? AclResourceTypes.GROUP : AclResourceTypes.TOPIC,
    resourceName: binding.name,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: binding.principal,
    host: '*',
    operation: AclOperationTypes[binding.operation.toUpperCase()],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

const keyOf = (a) =>
  [a.resourceType, a.resourceName, a.resourcePatternType, a.principal, a.host, a.operation, a.permissionType].join('|');

/**
 * Applies the ACLs; `env` gives KAFKA_BROKERS and the admin's KAFKA_SASL_MECHANISM /
 * KAFKA_USERNAME / KAFKA_PASSWORD. Returns how many bindings were created and deleted.
 */
export async function applyKafkaAcls({
  env = process.env,
  prefix = env.KAFKA_TOPIC_PREFIX ?? '',
  services = SERVICES.map((s) => s.name),
} = {}) {
  const kafkajs = require('kafkajs');
  const { kafkaAclBindings } = topicAccess();
  const wanted = kafkaAclBindings(prefix, services).map((b) => toKafkajs(kafkajs, b));
  const kafka = new kafkajs.Kafka({
    clientId: 'goodloop-acls',
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    ...kafkaSecurityFromEnv(env),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl: wanted });
    const names = new Set(wanted.map((a) => a.resourceName));
    const wantedKeys = new Set(wanted.map(keyOf));
    const extra = [];
    for (const service of services) {
      const { resources } = await admin.describeAcls({
        resourceType: kafkajs.AclResourceTypes.ANY,
        resourcePatternType: kafkajs.ResourcePatternTypes.ANY,
        principal: `User:${service}`,
        operation: kafkajs.AclOperationTypes.ANY,
        permissionType: kafkajs.AclPermissionTypes.ANY,
      });
      for (const resource of resources) {
        if (!names.has(resource.resourceName)) continue; // another prefix's, or not a platform name
        for (const acl of resource.acls) {
          const binding = {
            resourceType: resource.resourceType,
            resourceName: resource.resourceName,
            resourcePatternType: resource.resourcePatternType,
            ...acl,
          };
          if (!wantedKeys.has(keyOf(binding))) extra.push(binding);
        }
      }
    }
    if (extra.length > 0) await admin.deleteAcls({ filters: extra });
    return { created: wanted.length, deleted: extra.length };
  } finally {
    await admin.disconnect();
  }
}

/** Regenerates deploy/k8s/kafka-acls.sh and deploy/k8s/kafka-setup.yaml from the table and services.mjs. */
export function writeDeployFiles() {
  const { renderAclScript, renderSetupJob } = require('./kafka-deploy.cjs');
  const services = SERVICES.map((s) => s.name);
  const bindings = topicAccess().kafkaAclBindings('', services);
  writeFileSync(join(root, 'deploy', 'k8s', 'kafka-acls.sh'), renderAclScript(bindings, services), { mode: 0o755 });
  writeFileSync(join(root, 'deploy', 'k8s', 'kafka-setup.yaml'), renderSetupJob(services));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--write-deploy') {
  writeDeployFiles();
  console.log('wrote deploy/k8s/kafka-acls.sh and deploy/k8s/kafka-setup.yaml');
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await applyKafkaAcls();
  console.log(`kafka ACLs: ${result.created} bindings applied, ${result.deleted} stale ones deleted`);
}
