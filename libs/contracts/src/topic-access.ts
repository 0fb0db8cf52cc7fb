import { ALL_TOPICS, deadLetterTopic, Topics, type TopicName } from './topics';

/**
 * Who may write and who may read each topic: the one table the Kafka ACLs are derived from
 * (`kafkaAclBindings`), applied by scripts/lib/kafka-acls.mjs for `npm start`, by the test kit for
 * each suite's topic prefix, and written out as Strimzi KafkaUser ACLs in deploy/k8s. A Kafka
 * principal is the service's name (`User:ledger`).
 *
 * - `writers` produce the topic (their relay publishes it). Commands to the ledger
 *   (`ledger.transfer.*` verbs) are written by donations alone (cash into funds, points held and
 *   posted for redemptions, grants from donor-advised funds); reversals have no writer. A
 *   service that is meant to request transfers is added here, and only then can it.
 * - `readers` consume it in their consumer group; each reader may also write `<topic>.dlq`, where
 *   it parks what it cannot apply.
 *
 * `topic-access.spec.ts` checks this table against the `@EventPattern` handlers and the emits in
 * apps/, so that a new consumer or producer cannot be forgotten here.
 */
export const TopicAccess = {
  [Topics.UserRegisteredV1]: { writers: ['gateway'], readers: ['ledger', 'volunteers'] },
  [Topics.ResidentVerifiedV1]: { writers: ['gateway'], readers: [] },
  [Topics.OrgCreatedV1]: { writers: ['gateway'], readers: ['volunteers', 'donations', 'matching'] },
  [Topics.MembershipChangedV1]: { writers: ['gateway'], readers: [] },
  [Topics.UserStatusChangedV1]: { writers: ['gateway'], readers: ['volunteers'] },
  [Topics.WalletFreezeChangedV1]: { writers: ['gateway'], readers: ['ledger'] },
  [Topics.ActivityPublishedV1]: { writers: ['volunteers'], readers: [] },
  [Topics.HoursVerifiedV1]: { writers: ['volunteers'], readers: ['ledger'] },
  [Topics.TransferRequestV1]: { writers: ['donations'], readers: ['ledger'] },
  [Topics.TransferSettleV1]: { writers: ['donations'], readers: ['ledger'] },
  [Topics.TransferReverseV1]: { writers: [], readers: ['ledger'] },
  [Topics.TransferPostedV1]: { writers: ['ledger'], readers: ['donations'] },
  [Topics.TransferRejectedV1]: { writers: ['ledger'], readers: ['donations'] },
  [Topics.TransferReservedV1]: { writers: ['ledger'], readers: ['donations'] },
  [Topics.TransferVoidedV1]: { writers: ['ledger'], readers: ['donations'] },
  [Topics.EarnRuleCreatedV1]: { writers: ['ledger'], readers: ['volunteers'] },
  [Topics.DonationReceivedV1]: { writers: ['donations'], readers: [] },
  [Topics.StockChangedV1]: { writers: ['donations'], readers: ['matching'] },
  [Topics.RedemptionFulfilledV1]: { writers: ['donations'], readers: [] },
  [Topics.AllocationRecordedV1]: { writers: ['donations'], readers: ['matching'] },
  [Topics.VolunteerProfileChangedV1]: { writers: ['volunteers'], readers: ['matching'] },
  [Topics.MatchAcceptedV1]: { writers: ['matching'], readers: ['donations', 'volunteers'] },
} as const satisfies Record<TopicName, { writers: readonly string[]; readers: readonly string[] }>;

export type AclOperation = 'read' | 'write' | 'create' | 'describe';

/** One ACL: `principal` may `operation` on the topic or consumer group `name` (exact name). */
export interface KafkaAclBinding {
  principal: string;
  resourceType: 'topic' | 'group';
  name: string;
  operation: AclOperation;
}

function accessOf(topic: TopicName): { writers: readonly string[]; readers: readonly string[] } {
  return TopicAccess[topic];
}

/**
 * The ACLs of `services` under the topic prefix `prefix` (KAFKA_TOPIC_PREFIX; '' in production),
 * all on exact (literal) names, so one prefix's grants never reach another's topics:
 *
 * - CREATE and DESCRIBE on every platform topic and its `.dlq`: each service creates the topics
 *   that are missing when it starts (kafka.transport.ts) and reads their metadata; neither lets
 *   it read or write a message;
 * - WRITE on the topics it is a writer of, and on `<topic>.dlq` of the topics it reads;
 * - READ on the topics it reads, and on its consumer group `<prefix><service>`.
 *
 * E.g. `kafkaAclBindings('', ['ledger'])` lets User:ledger write `ledger.transfer.posted.v1` and
 * read `ledger.transfer.request.v1`, and nothing lets User:gateway write either.
 */
export function kafkaAclBindings(prefix: string, services: readonly string[]): KafkaAclBinding[] {
  const bindings: KafkaAclBinding[] = [];
  for (const service of services) {
    const principal = `User:${service}`;
    const topic = (name: string, operation: AclOperation) =>
      bindings.push({ principal, resourceType: 'topic', name: `${prefix}${name}`, operation });
    for (const t of ALL_TOPICS) {
      for (const name of [t, deadLetterTopic(t)]) {
        topic(name, 'create');
        topic(name, 'describe');
      }
      const access = accessOf(t);
      if (access.writers.includes(service)) topic(t, 'write');
      if (access.readers.includes(service)) {
        topic(t, 'read');
        topic(deadLetterTopic(t), 'write');
      }
    }
    bindings.push({ principal, resourceType: 'group', name: `${prefix}${service}`, operation: 'read' });
  }
  return bindings;
}
