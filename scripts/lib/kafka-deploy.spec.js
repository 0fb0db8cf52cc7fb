const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { kafkaAclBindings } = require('../../libs/contracts/src/topic-access');
const { renderAclScript, renderSetupJob } = require('./kafka-deploy.cjs');

const root = join(__dirname, '..', '..');
/** The services of scripts/lib/services.mjs (read as text: it is data, and ESM). */
const services = [...readFileSync(join(root, 'scripts/lib/services.mjs'), 'utf8').matchAll(/\{ name: '([a-z0-9-]+)'/g)].map(
  (m) => m[1],
);

describe('the Kafka users and ACLs written out for compose and Kubernetes', () => {
  it('deploy/k8s/kafka-acls.sh is the table of libs/contracts/src/topic-access.ts (run: node scripts/lib/kafka-acls.mjs --write-deploy)', () => {
    expect(readFileSync(join(root, 'deploy/k8s/kafka-acls.sh'), 'utf8')).toBe(
      renderAclScript(kafkaAclBindings('', services), services),
    );
  });

  it('deploy/k8s/kafka-setup.yaml gives the Job every service password (run: node scripts/lib/kafka-acls.mjs --write-deploy)', () => {
    expect(readFileSync(join(root, 'deploy/k8s/kafka-setup.yaml'), 'utf8')).toBe(renderSetupJob(services));
  });

  it('lets only the ledger write its posted events, and only donations ask it for transfers', () => {
    const script = readFileSync(join(root, 'deploy/k8s/kafka-acls.sh'), 'utf8');
    const writes = [...script.matchAll(/acl (\S+) Write \\\n((?: {2}--\w+ "[^"]+"(?: \\)?\n)+)/g)].map((m) => ({
      who: m[1],
      names: [...m[2].matchAll(/"\$\{P\}([^"]+)"/g)].map((n) => n[1]),
    }));
    const writers = (topic) => writes.filter((w) => w.names.includes(topic)).map((w) => w.who);
    expect(writers('ledger.transfer.posted.v1')).toEqual(['ledger']);
    expect(writers('ledger.transfer.request.v1')).toEqual(['donations']);
    expect(writers('ledger.transfer.reverse.v1')).toEqual([]);
    expect(writers('gateway.user.registered.v1')).toEqual(['gateway']);
    expect(writers('ledger.transfer.request.v1.dlq')).toEqual(['ledger']);
  });
});
