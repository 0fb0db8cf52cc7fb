import {
  UserRegisteredV1,
  ResidentVerifiedV1,
  OrgCreatedV1,
  MembershipChangedV1,
  UserStatusChangedV1,
  WalletFreezeChangedV1,
} from './gateway/identity-events.v1';
import {
  TransferPostedV1,
  TransferRejectedV1,
  TransferRequestV1,
  TransferReservedV1,
  TransferReverseV1,
  TransferSettleV1,
  TransferVoidedV1,
} from './ledger/transfer-messages.v1';
import { EarnRuleCreatedV1 } from './ledger/earn-rule-events.v1';
import { DonationReceivedV1, RedemptionFulfilledV1, StockChangedV1 } from './donations/events.v1';
import { AllocationRecordedV1, MatchAcceptedV1, VolunteerProfileChangedV1 } from './matching/events.v1';
import { Topics, type TopicName } from './topics';
import { ActivityPublishedV1, HoursVerifiedV1 } from './volunteers/activity-events.v1';

/** The payload class of each topic: what a producer must send and a consumer validates. */
export const PayloadClasses = {
  [Topics.UserRegisteredV1]: UserRegisteredV1,
  [Topics.ResidentVerifiedV1]: ResidentVerifiedV1,
  [Topics.OrgCreatedV1]: OrgCreatedV1,
  [Topics.MembershipChangedV1]: MembershipChangedV1,
  [Topics.ActivityPublishedV1]: ActivityPublishedV1,
  [Topics.HoursVerifiedV1]: HoursVerifiedV1,
  [Topics.TransferRequestV1]: TransferRequestV1,
  [Topics.TransferPostedV1]: TransferPostedV1,
  [Topics.TransferRejectedV1]: TransferRejectedV1,
  [Topics.TransferSettleV1]: TransferSettleV1,
  [Topics.TransferReverseV1]: TransferReverseV1,
  [Topics.TransferReservedV1]: TransferReservedV1,
  [Topics.TransferVoidedV1]: TransferVoidedV1,
  [Topics.EarnRuleCreatedV1]: EarnRuleCreatedV1,
  [Topics.UserStatusChangedV1]: UserStatusChangedV1,
  [Topics.WalletFreezeChangedV1]: WalletFreezeChangedV1,
  [Topics.DonationReceivedV1]: DonationReceivedV1,
  [Topics.StockChangedV1]: StockChangedV1,
  [Topics.RedemptionFulfilledV1]: RedemptionFulfilledV1,
  [Topics.AllocationRecordedV1]: AllocationRecordedV1,
  [Topics.VolunteerProfileChangedV1]: VolunteerProfileChangedV1,
  [Topics.MatchAcceptedV1]: MatchAcceptedV1,
} satisfies Record<TopicName, new () => object>;

export type PayloadOf<T extends TopicName> = InstanceType<(typeof PayloadClasses)[T]>;

/** The schema version carried in the envelope, read off the topic name's `.v<N>` suffix. */
export function topicVersion(topic: TopicName): number {
  const match = /\.v(\d+)$/.exec(topic);
  if (!match?.[1]) throw new Error(`Topic ${topic} has no version suffix`);
  return Number(match[1]);
}
