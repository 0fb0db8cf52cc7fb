/** Vocabulary shared by every service. Changing a value here is a breaking change. */

export const OrgKinds = ['community', 'social_org', 'business', 'foundation'] as const;
export type OrgKind = (typeof OrgKinds)[number];

/** Roles a user holds inside one organisation. */
export const MembershipRoles = ['organizer', 'business', 'foundation_staff', 'reviewer', 'member'] as const;
export type MembershipRole = (typeof MembershipRoles)[number];

/** Roles a user holds across the platform. Everyone is a resident. */
export const PlatformRoles = ['resident', 'admin'] as const;
export type PlatformRole = (typeof PlatformRoles)[number];

export type Role = PlatformRole | MembershipRole;

/** The role a member gets by default in an organisation of each kind (the managing role). */
export const DEFAULT_ROLE_FOR_KIND: Record<OrgKind, MembershipRole> = {
  community: 'organizer',
  social_org: 'organizer',
  business: 'business',
  foundation: 'foundation_staff',
};

/** The eight public-welfare domains activities and grants are filed under. */
export const ActivityCategories = [
  'charity',
  'relief',
  'funeral',
  'disability',
  'children',
  'elderly',
  'social_work',
  'community',
] as const;
export type ActivityCategory = (typeof ActivityCategories)[number];

/** Assets the ledger holds, each with a fixed scale: whole points, and fen for CNY. */
export const Assets = ['POINTS', 'CNY'] as const;
export type Asset = (typeof Assets)[number];

/** Why a transfer happened. */
export const TransferCodes = ['earn', 'redeem', 'donate', 'grant', 'expire', 'reversal', 'adjust'] as const;
export type TransferCode = (typeof TransferCodes)[number];

/** What each kind of transfer is called on a person's statement. */
export const TRANSFER_CODE_LABELS: Record<TransferCode, { 'zh-CN': string; en: string }> = {
  earn: { 'zh-CN': '志愿服务', en: 'Volunteering' },
  redeem: { 'zh-CN': '兑换', en: 'Redemption' },
  donate: { 'zh-CN': '捐赠', en: 'Donation' },
  grant: { 'zh-CN': '资助', en: 'Grant' },
  expire: { 'zh-CN': '过期', en: 'Expiry' },
  reversal: { 'zh-CN': '冲正', en: 'Reversal' },
  adjust: { 'zh-CN': '调整', en: 'Adjustment' },
};

/** The points programme activities earn under unless they say otherwise. */
export const DEFAULT_PROGRAMME_ID = 'community-points';
