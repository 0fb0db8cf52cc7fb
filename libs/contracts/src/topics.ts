/**
 * Every Kafka topic the platform uses, defined once. Events are
 * `<service>.<aggregate>.<past-tense>.v<N>`; commands addressed to one service are
 * `<service>.<aggregate>.<verb>.v<N>`. A consumer that cannot parse a message sends it to
 * `<topic>.dlq` (see {@link deadLetterTopic}).
 *
 * Deployments and test runs may prefix every name (KAFKA_TOPIC_PREFIX) so that two runs never
 * share state; the prefix is applied by the Kafka layer in libs/common, never here.
 */
export const Topics = {
  UserRegisteredV1: 'gateway.user.registered.v1',
  ResidentVerifiedV1: 'gateway.resident.verified.v1',
  OrgCreatedV1: 'gateway.org.created.v1',
  MembershipChangedV1: 'gateway.membership.changed.v1',
  ActivityPublishedV1: 'volunteers.activity.published.v1',
  HoursVerifiedV1: 'volunteers.hours.verified.v1',
  TransferRequestV1: 'ledger.transfer.request.v1',
  TransferPostedV1: 'ledger.transfer.posted.v1',
  TransferRejectedV1: 'ledger.transfer.rejected.v1',
  TransferSettleV1: 'ledger.transfer.settle.v1',
  TransferReverseV1: 'ledger.transfer.reverse.v1',
  TransferReservedV1: 'ledger.transfer.reserved.v1',
  TransferVoidedV1: 'ledger.transfer.voided.v1',
  EarnRuleCreatedV1: 'ledger.earn-rule.created.v1',
  UserStatusChangedV1: 'gateway.user.status.changed.v1',
  WalletFreezeChangedV1: 'gateway.wallet.freeze.changed.v1',
  DonationReceivedV1: 'donations.donation.received.v1',
  StockChangedV1: 'donations.stock.changed.v1',
  RedemptionFulfilledV1: 'donations.redemption.fulfilled.v1',
  AllocationRecordedV1: 'donations.allocation.recorded.v1',
  VolunteerProfileChangedV1: 'volunteers.profile.changed.v1',
  MatchAcceptedV1: 'matching.match.accepted.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

export const DEAD_LETTER_SUFFIX = '.dlq';

export function deadLetterTopic(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}
