import type { MeView as Me } from '@goodloop/contracts';

/** Roles that may read the books (the gateway checks the same: admin, foundation_staff). */
const LEDGER_READER_ROLES = ['admin', 'foundation_staff'] as const;

/**
 * Whether the signed-in person may open the staff ledger page. `GET /me` lists platform and
 * membership roles together in `roles`; memberships are checked as well in case an older
 * answer lists only platform roles there.
 */
export function canReadLedger(me: Me | undefined): boolean {
  if (!me) return false;
  const roles = new Set<string>([...me.roles, ...me.memberships.map((m) => m.role)]);
  return LEDGER_READER_ROLES.some((role) => roles.has(role));
}

/** Whether the signed-in person is a platform admin (account administration). */
export function isAdmin(me: Me | undefined): boolean {
  return me?.roles.includes('admin') ?? false;
}
