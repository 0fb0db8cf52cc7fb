import { ACCOUNT_KEY_PATTERN } from '@goodloop/contracts';
import { LedgerRule, LedgerRuleError } from './ledger-rule.error';

/** What an account is for; derived from its key, never chosen separately. */
export const AccountKinds = [
  'user_wallet',
  'organisation',
  'fund',
  'issuance',
  'external',
  'expiry_sink',
  'redemption_sink',
] as const;
export type AccountKind = (typeof AccountKinds)[number];

export interface AccountProfile {
  kind: AccountKind;
  /**
   * Whether the balance (credits − debits) may go below zero. Value enters the ledger from
   * issuance and external accounts, so they run negative by design: after 15 points are issued,
   * `issuance:community-points` stands at −15 and the resident's wallet at +15. Wallets,
   * organisations and funds hold real value and never go below zero.
   */
  allowNegative: boolean;
}

const PROFILES: Record<AccountKind, AccountProfile> = {
  user_wallet: { kind: 'user_wallet', allowNegative: false },
  organisation: { kind: 'organisation', allowNegative: false },
  fund: { kind: 'fund', allowNegative: false },
  issuance: { kind: 'issuance', allowNegative: true },
  external: { kind: 'external', allowNegative: true },
  expiry_sink: { kind: 'expiry_sink', allowNegative: true },
  redemption_sink: { kind: 'redemption_sink', allowNegative: true },
};

/**
 * The kind and flags of the account a key names. Keys follow ACCOUNT_KEY_PATTERN from the
 * contracts (`user:<userId>`, `org:<orgId>`, `fund:<fundId>`, `issuance:<programmeId>`,
 * `external:<name>`, `sink:expiry:<programmeId>`, `sink:redemption[:<name>]`); anything else is
 * refused with INVALID_ACCOUNT_KEY.
 */
export function accountProfile(key: string): AccountProfile {
  if (!ACCOUNT_KEY_PATTERN.test(key)) {
    throw new LedgerRuleError(
      LedgerRule.InvalidAccountKey,
      `"${key}" is not an account key (e.g. user:<userId>, issuance:<programmeId>)`,
    );
  }
  const [prefix, rest = ''] = splitOnce(key);
  switch (prefix) {
    case 'user':
      return PROFILES.user_wallet;
    case 'org':
      return PROFILES.organisation;
    case 'fund':
      return PROFILES.fund;
    case 'issuance':
      return PROFILES.issuance;
    case 'external':
      return PROFILES.external;
    case 'sink': {
      const [sink, name] = splitOnce(rest);
      if (sink === 'expiry' && name) return PROFILES.expiry_sink;
      if (sink === 'redemption') return PROFILES.redemption_sink;
      throw new LedgerRuleError(
        LedgerRule.InvalidAccountKey,
        `"${key}" names no known sink (sink:expiry:<programmeId> or sink:redemption[:<name>])`,
      );
    }
    default:
      throw new LedgerRuleError(LedgerRule.InvalidAccountKey, `"${key}" has an unknown prefix`);
  }
}

function splitOnce(value: string): [string, string | undefined] {
  const at = value.indexOf(':');
  return at < 0 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}

export const userWalletKey = (userId: string): string => `user:${userId}`;
export const issuanceKey = (programmeId: string): string => `issuance:${programmeId}`;
export const expirySinkKey = (programmeId: string): string => `sink:expiry:${programmeId}`;
export const REDEMPTION_SINK_KEY = 'sink:redemption';
