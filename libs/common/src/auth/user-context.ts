import type { MembershipRole, OrgKind, Role } from '@goodloop/contracts';

/** Who is asking, as verified by the gateway and passed to services with every internal call. */
export interface UserContext {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  residentVerified: boolean;
  memberships: { orgId: string; orgName: string; orgKind: OrgKind; role: MembershipRole }[];
}

/** Header carrying the user context (base64url JSON) from the gateway to a service. */
export const USER_CONTEXT_HEADER = 'x-goodloop-user';
/** Header carrying the shared internal token that proves a call comes from the gateway. */
export const INTERNAL_TOKEN_HEADER = 'x-goodloop-internal-token';

export function encodeUserContext(user: UserContext): string {
  return Buffer.from(JSON.stringify(user), 'utf8').toString('base64url');
}

export function decodeUserContext(header: string): UserContext | undefined {
  try {
    const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<UserContext>;
    if (typeof value.id !== 'string' || !Array.isArray(value.roles) || !Array.isArray(value.memberships)) return undefined;
    return value as UserContext;
  } catch {
    return undefined;
  }
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
