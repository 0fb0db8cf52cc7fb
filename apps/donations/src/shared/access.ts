import { hasOrgRole, isAdmin, type UserContext } from '@goodloop/common';
import { createHash } from 'node:crypto';

/** Staff of a foundation (any), or an admin: they receive pledges, set rewards, decide recommendations. */
export function isFoundationStaff(user: UserContext): boolean {
  return isAdmin(user) || user.memberships.some((m) => m.role === 'foundation_staff');
}

/** The foundations (or communities) whose funds `user` manages: staff of that organisation, or an admin. */
export function managesOrg(user: UserContext, orgId: string): boolean {
  return hasOrgRole(user, orgId, 'foundation_staff') || hasOrgRole(user, orgId, 'organizer');
}

/** A member of business `orgId` who acts for it (the `business` role), or an admin. */
export function actsForBusiness(user: UserContext, orgId: string): boolean {
  return isAdmin(user) || user.memberships.some((m) => m.orgId === orgId && m.orgKind === 'business' && m.role === 'business');
}

/** Any member of `orgId`, or foundation staff, or an admin: who may read a business's impact and hand-overs. */
export function seesOrg(user: UserContext, orgId: string): boolean {
  return isFoundationStaff(user) || user.memberships.some((m) => m.orgId === orgId);
}

/**
 * How a business sees a resident: 居民 and four characters, the same for one resident at one
 * business and unrelated across businesses (a hash of both ids), so repeat visits show without a name.
 */
export function anonymisedResident(orgId: string, residentId: string): string {
  return `居民${createHash('sha256').update(`${orgId}:${residentId}`).digest('hex').slice(0, 4).toUpperCase()}`;
}

/** The calendar year in China of `at`: receipts are numbered per organisation and such a year. */
export function chinaYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}
