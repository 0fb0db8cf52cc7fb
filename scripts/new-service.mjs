#!/usr/bin/env node
/**
 * `npm run new:service <name>`: a new backend service that builds, migrates, starts under
 * `npm start`, passes its own first tests and is reachable through the gateway.
 *
 * It copies tools/service-template/ into apps/<name>/ (names substituted), then wires the
 * service in everywhere a service must be, each at a `new-service:` marker line:
 *   nest-cli.json                       the Nest monorepo project
 *   scripts/lib/services.mjs            `npm start` (start order, port, heap cap)
 *   apps/gateway/src/config/env.ts      <NAME>_URL, the gateway's way to the service
 *   apps/gateway/src/relay/services.ts  the gateway's registry: URL, route table, health
 *   apps/gateway/src/relay/<name>.routes.ts   the relay table, with the service's status route
 *   docker-compose.yml                  a container with its Kafka login, the gateway's URL and dependency
 *   deploy/k8s/                         Deployment, Service, PDB, network policy, URL, DB and Kafka
 *                                       secrets, its Kafka user and ACLs (kafka-acls.sh, kafka-setup.yaml)
 *   README.md                           the table of apps and the configuration table
 * Nothing is overwritten: it stops before writing if apps/<name> exists or a marker is missing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { requireTs } from './lib/kafka-acls.mjs';

const { renderAclScript, renderSetupJob } = createRequire(import.meta.url)('./lib/kafka-deploy.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = join(root, 'tools', 'service-template');
const RESERVED = new Set(['gateway', 'web', 'common', 'contracts', 'money', 'assignment', 'relay', 'api', 'internal']);

export function namesOf(name) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 30) {
    throw new Error(`service name must be kebab-case letters and digits (e.g. donations, demo-check), at most 30: ${name}`);
  }
  if (RESERVED.has(name)) throw new Error(`"${name}" is reserved`);
  const words = name.split('-');
  return {
    name,
    Name: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    camel:
      words[0] +
      words
        .slice(1)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(''),
    NAME: words.map((w) => w.toUpperCase()).join('_'),
    db: words.join('_'),
  };
}

/** Replaces every placeholder of the template in `text`. */
export function fill(text, n) {
  return text
    .replaceAll('__camel__', n.camel)
    .replaceAll('__NAME__', n.NAME)
    .replaceAll('__Name__', n.Name)
    .replaceAll('__name__', n.name)
    .replaceAll('__db__', n.db)
    .replaceAll('__port__', String(n.port))
    .replaceAll('__migration__', String(n.migration));
}

function* templateFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* templateFiles(full);
    else if (entry.endsWith('.tpl')) yield full;
  }
}

export function plan(name, now = Date.now()) {
  const n = namesOf(name);
  if (existsSync(join(root, 'apps', name))) throw new Error(`apps/${name} exists already`);
  n.port =
    Math.max(
      3100,
      ...readServices()
        .filter((s) => s.name !== 'gateway')
        .map((s) => s.port),
    ) + 1;
  n.migration = now;
  // template/app/ becomes apps/<name>/; template/root/ lands where it stands in the repository.
  const writes = [];
  for (const [from, to] of [
    [join(TEMPLATE, 'app'), join(root, 'apps', name)],
    [join(TEMPLATE, 'root'), root],
  ]) {
    for (const file of templateFiles(from)) {
      const target = join(to, fill(relative(from, file), n).replace(/\.tpl$/, ''));
      if (existsSync(target)) throw new Error(`${relative(root, target)} exists already`);
      writes.push([target, fill(readFileSync(file, 'utf8'), n)]);
    }
  }

  const edits = new Map();
  const edit = (file, marker, lines) => {
    const path = join(root, file);
    // Edits are collected and written together at the end, so a missing marker writes nothing.
    edits.set(path, insertAtMarker(file, edits.get(path) ?? readFileSync(path, 'utf8'), marker, lines));
  };
  edits.set(join(root, 'nest-cli.json'), withNestProject(readFileSync(join(root, 'nest-cli.json'), 'utf8'), name));
  edit('scripts/lib/services.mjs', 'services', [`{ name: '${name}', port: ${n.port}, heapMb: 192 },`]);
  edit('apps/gateway/src/config/env.ts', 'url', [
    '',
    `@IsUrl(URL_OPTIONS, { message: '${n.NAME}_URL must be an http(s) URL' })`,
    `${n.NAME}_URL = 'http://127.0.0.1:${n.port}';`,
  ]);
  edit('apps/gateway/src/relay/services.ts', 'imports', [`import { ${n.camel}Routes } from './${name}.routes';`]);
  edit('apps/gateway/src/relay/services.ts', 'registry', [
    `'${name}': { url: (config) => config.${n.NAME}_URL, routes: ${n.camel}Routes },`,
  ]);
  edit('docker-compose.yml', 'services', [
    '',
    `${name}:`,
    '  build: .',
    `  command: ["node", "--enable-source-maps", "--max-old-space-size=192", "dist/apps/${name}/src/main.js"]`,
    '  environment:',
    '    <<: *service-env',
    `    PORT: ${n.port}`,
    `    KAFKA_USERNAME: ${name}`,
    `    KAFKA_PASSWORD: \${KAFKA_PASSWORD_${n.NAME}}`,
    '  depends_on: *infra',
  ]);
  edit('docker-compose.yml', 'kafka-setup-env', [
    `KAFKA_PASSWORD_${n.NAME}: \${KAFKA_PASSWORD_${n.NAME}:?set KAFKA_PASSWORD_${n.NAME}}`,
  ]);
  edit('docker-compose.yml', 'gateway-env', [`${n.NAME}_URL: http://${name}:${n.port}`]);
  edit('docker-compose.yml', 'gateway-depends', [`${name}: { condition: service_started }`]);
  const k8s = readFileSync(join(root, 'deploy/k8s/volunteers.yaml'), 'utf8')
    .replace(
      /^# volunteers:.*\n(#.*\n)*/,
      `# ${name}: generated by npm run new:service; say here what it owns and what it consumes.\n`,
    )
    .replaceAll('goodloop_volunteers', `goodloop_${n.db}`)
    .replaceAll('volunteers', name)
    .replaceAll('3101', String(n.port));
  writes.push([join(root, 'deploy/k8s', `${name}.yaml`), k8s]);
  edit('deploy/k8s/kustomization.yaml', 'resources', [`- ${name}.yaml`]);
  edit('deploy/k8s/config.yaml', 'url', [`${n.NAME}_URL: http://${name}:${n.port}`]);
  edit('deploy/k8s/network-policies.yaml', 'policies', [
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}-from-gateway`,
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    '    app.kubernetes.io/part-of: goodloop',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '      app.kubernetes.io/part-of: goodloop',
    '  policyTypes: ["Ingress"]',
    '  ingress:',
    '    - from:',
    '        - podSelector:',
    '            matchLabels:',
    '              app.kubernetes.io/name: gateway',
    '              app.kubernetes.io/part-of: goodloop',
    '      ports:',
    '        - protocol: TCP',
    `          port: ${n.port}`,
  ]);
  edit('deploy/k8s/secrets.example.yaml', 'secrets', [
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: goodloop-${name}-db`,
    '  namespace: goodloop',
    '  labels:',
    '    app.kubernetes.io/part-of: goodloop',
    'type: Opaque',
    'stringData:',
    `  DATABASE_URL: postgres://goodloop_${n.db}:REPLACE-ME@postgres.example.internal:5432/goodloop_${n.db}?sslmode=verify-full`,
  ]);
  edit('deploy/k8s/secrets.example.yaml', 'secrets', [
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: goodloop-${name}-kafka`,
    '  namespace: goodloop',
    '  labels:',
    '    app.kubernetes.io/part-of: goodloop',
    'type: Opaque',
    'stringData:',
    '  KAFKA_PASSWORD: REPLACE-ME-from-secret-manager',
  ]);
  // Its Kafka user and ACL rows (create/describe, its consumer group; the topics it writes or
  // reads once it has a line in libs/contracts/src/topic-access.ts) for compose and Kubernetes.
  const services = servicesIn(edits.get(join(root, 'scripts/lib/services.mjs')));
  const bindings = requireTs(join(root, 'libs/contracts/src/topic-access.ts')).kafkaAclBindings('', services);
  writes.push([join(root, 'deploy/k8s/kafka-acls.sh'), renderAclScript(bindings, services)]);
  writes.push([join(root, 'deploy/k8s/kafka-setup.yaml'), renderSetupJob(services)]);
  edit('README.md', 'apps', [`| \`apps/${name}\` | ${name} service (generated; say what it owns) |`]);
  edit('README.md', 'config', [`| \`${n.NAME}_URL\` | \`http://127.0.0.1:${n.port}\` | gateway | internal API of ${name} |`]);
  return { names: n, writes, edits };
}

/** Inserts `lines` before the line holding `new-service: <marker>` (keeping that line's indent). */
function insertAtMarker(file, text, marker, lines) {
  const all = text.split('\n');
  const found = all.findIndex((l) => l.includes(`new-service: ${marker}`));
  if (found < 0) throw new Error(`${file} has no "new-service: ${marker}" marker`);
  const indent = /^\s*/.exec(all[found])[0];
  // Right after the block the marker follows (a table, a list), before any blank lines.
  let at = found;
  while (at > 0 && all[at - 1].trim() === '') at--;
  all.splice(at, 0, ...lines.map((l) => (l === '' ? '' : indent + l)));
  return all.join('\n');
}

/** nest-cli.json with the new application project after the last one (JSON has no comments for a marker). */
function withNestProject(text, name) {
  const lines = text.split('\n');
  const last = lines.findLastIndex((l) => l.includes('"type": "application"'));
  if (last < 0) throw new Error('nest-cli.json has no application project');
  const indent = /^\s*/.exec(lines[last])[0];
  lines.splice(
    last + 1,
    0,
    `${indent}"${name}": { "type": "application", "root": "apps/${name}", "entryFile": "main", "sourceRoot": "apps/${name}/src" },`,
  );
  JSON.parse(lines.join('\n'));
  return lines.join('\n');
}

/** The service names of a services.mjs text, in their order. */
function servicesIn(text) {
  return [...text.matchAll(/\{ name: '([a-z0-9-]+)'/g)].map((m) => m[1]);
}

/** The names and ports in scripts/lib/services.mjs (read as text: it is data). */
function readServices() {
  const text = readFileSync(join(root, 'scripts/lib/services.mjs'), 'utf8');
  return [...text.matchAll(/\{ name: '([a-z0-9-]+)', port: (\d+)/g)].map((m) => ({ name: m[1], port: Number(m[2]) }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const name = process.argv[2];
  if (!name) {
    console.error('usage: npm run new:service <name>   (kebab-case, e.g. donations)');
    process.exit(2);
  }
  try {
    const { names, writes, edits } = plan(name);
    const prettier = await import('prettier');
    for (const [path, text] of writes) {
      mkdirSync(dirname(path), { recursive: true });
      const options = { ...(await prettier.resolveConfig(path)), filepath: path };
      writeFileSync(path, path.endsWith('.ts') ? await prettier.format(text, options) : text);
    }
    for (const [path, text] of edits) writeFileSync(path, text);
    console.log(`apps/${name} created on port ${names.port} and wired into the gateway, npm start, compose and deploy/k8s.
Next: npm run typecheck && npm test -- apps/${name}; then npm start and open
  http://127.0.0.1:3000/api/v1/${name}/status`);
  } catch (error) {
    console.error(`new:service: ${error.message}`);
    process.exit(1);
  }
}
