import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaAclBindings, TopicAccess } from './topic-access';
import { ALL_TOPICS, Topics, type TopicName } from './topics';

const appsDir = join(__dirname, '..', '..', '..', 'apps');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** What the code of apps/ does: `@EventPattern(Topics.X)` reads X, `emit(Topics.X` / `envelopeTemplate(Topics.X` writes X. */
function observed(): { writers: Map<TopicName, Set<string>>; readers: Map<TopicName, Set<string>> } {
  const writers = new Map<TopicName, Set<string>>();
  const readers = new Map<TopicName, Set<string>>();
  const add = (map: Map<TopicName, Set<string>>, key: string, app: string) => {
    const topic = Topics[key as keyof typeof Topics];
    const set = map.get(topic) ?? new Set<string>();
    set.add(app);
    map.set(topic, set);
  };
  for (const app of readdirSync(appsDir)) {
    if (app === 'web') continue;
    for (const file of sources(join(appsDir, app, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/@EventPattern\(\s*Topics\.(\w+)/g)) add(readers, m[1]!, app);
      for (const m of text.matchAll(/(?:\.emit|envelopeTemplate)\(\s*Topics\.(\w+)/g)) add(writers, m[1]!, app);
    }
  }
  return { writers, readers };
}

describe('TopicAccess', () => {
  const { writers, readers } = observed();
  const sorted = (set?: Set<string> | readonly string[]) => [...(set ?? [])].sort();

  it.each(ALL_TOPICS.map((t) => [t]))('%s: the writers and readers in the table are those of the code', (topic) => {
    expect({ writers: sorted(TopicAccess[topic].writers), readers: sorted(TopicAccess[topic].readers) }).toEqual({
      writers: sorted(writers.get(topic)),
      readers: sorted(readers.get(topic)),
    });
  });

  it('grants the gateway no write on ledger topics and the ledger the write on its events, under the prefix', () => {
    const acls = kafkaAclBindings('t1.', ['gateway', 'ledger', 'volunteers']);
    const can = (who: string, op: string, name: string) =>
      acls.some((a) => a.principal === `User:${who}` && a.operation === op && a.resourceType === 'topic' && a.name === name);
    expect(can('gateway', 'write', 't1.ledger.transfer.request.v1')).toBe(false);
    expect(can('volunteers', 'write', 't1.ledger.transfer.posted.v1')).toBe(false);
    expect(can('ledger', 'write', 't1.ledger.transfer.posted.v1')).toBe(true);
    expect(can('ledger', 'read', 't1.ledger.transfer.request.v1')).toBe(true);
    expect(can('ledger', 'write', 't1.ledger.transfer.request.v1.dlq')).toBe(true);
    expect(can('gateway', 'write', 't1.gateway.user.registered.v1')).toBe(true);
    expect(can('ledger', 'write', 'ledger.transfer.posted.v1')).toBe(false);
    expect(acls.filter((a) => a.resourceType === 'group').map((a) => a.name)).toEqual([
      't1.gateway',
      't1.ledger',
      't1.volunteers',
    ]);
    expect(acls.every((a) => a.name.startsWith('t1.'))).toBe(true);
  });
});
