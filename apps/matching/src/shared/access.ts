import { hasOrgRole, isAdmin, type UserContext } from '@goodloop/common';

/** Foundation staff (of any foundation) or an admin: they run the matching and see every offer. */
export function isMatchingStaff(user: UserContext): boolean {
  return isAdmin(user) || user.memberships.some((m) => m.role === 'foundation_staff');
}

/** Who speaks for a need of `orgId`: its organizers and foundation staff, or an admin. */
export function speaksForNeedsOf(user: UserContext, orgId: string): boolean {
  return hasOrgRole(user, orgId, 'organizer') || hasOrgRole(user, orgId, 'foundation_staff');
}

/** Who speaks for stock of business `orgId`: its members acting for it, or an admin. */
export function speaksForBusiness(user: UserContext, orgId: string): boolean {
  return hasOrgRole(user, orgId, 'business');
}

/** Who may see the offers: organizers (to know what there is), staff, admins. */
export function seesOffers(user: UserContext): boolean {
  return isMatchingStaff(user) || user.memberships.some((m) => m.role === 'organizer');
}
