import type { MembershipRole, OrgKind, Role } from '@goodloop/contracts';

/** A membership as services see it: ids, kinds and roles, never names (see `gateway-token.ts`). */
export interface MembershipClaim {
  orgId: string;
  orgKind: OrgKind;
  role: MembershipRole;
  /** The gateway's own view of the user (`GET /me`) has it; it is never sent to a service. */
  orgName?: string;
}

/**
 * Who is asking, as verified by the gateway and passed to services, signed, with every internal
 * call (`signGatewayToken`). Services read it from `@CurrentUser()` and never from a header.
 */
export interface UserContext {
  id: string;
  /** The gateway's own view has it; services do not receive it. */
  email?: string;
  displayName: string;
  roles: Role[];
  residentVerified: boolean;
  memberships: MembershipClaim[];
}

export function hasRole(user: UserContext, role: Role): boolean {
  return user.roles.includes(role);
}

export function isAdmin(user: UserContext): boolean {
  return user.roles.includes('admin');
}

/** Whether the user holds `role` in organisation `orgId` (admins hold every role). */
export function hasOrgRole(user: UserContext, orgId: string, role: MembershipRole): boolean {
  return isAdmin(user) || user.memberships.some((m) => m.orgId === orgId && m.role === role);
}
