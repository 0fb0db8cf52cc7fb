import type { Role } from '@goodloop/contracts';
import { isAdmin, type UserContext } from '@goodloop/common';

/** Whether the user holds `role` platform-wide or in any of their organisations. */
function holds(user: UserContext, role: Role): boolean {
  return user.roles.includes(role) || user.memberships.some((m) => m.role === role);
}

/** Direct transfers bypass every business flow: only platform admins (tools, repairs). */
export function canPostTransfers(user: UserContext): boolean {
  return isAdmin(user);
}

/** A wallet and its statement are the owner's business, and an admin's. */
export function canReadWallet(user: UserContext, ownerId: string): boolean {
  return user.id === ownerId || isAdmin(user);
}

/** The trial balance is for those who answer for the books: admins and foundation staff. */
export function canReadTrialBalance(user: UserContext): boolean {
  return isAdmin(user) || holds(user, 'foundation_staff');
}

/** A transfer is seen by the books' keepers and by the users whose wallets it touched. */
export function canReadTransfer(user: UserContext, transfer: { debitAccount: string; creditAccount: string }): boolean {
  const own = `user:${user.id}`;
  return canReadTrialBalance(user) || transfer.debitAccount === own || transfer.creditAccount === own;
}
