import { DEFAULT_ROLE_FOR_KIND, type MembershipRole, type OrgKind, type PlatformRole, type Role } from '@goodloop/contracts';

/**
 * Who may do what with identity. Pure rules: no Nest, no database. The gateway checks these;
 * the services check their own rules again with the same user context.
 */

/** The roles a member may hold in an organisation of each kind (`member` everywhere). */
export const ROLES_FOR_KIND: Record<OrgKind, readonly MembershipRole[]> = {
  community: ['organizer', 'member'],
  social_org: ['organizer', 'member'],
  business: ['business', 'member'],
  foundation: ['foundation_staff', 'reviewer', 'member'],
};

export function roleAllowedInKind(kind: OrgKind, role: MembershipRole): boolean {
  return ROLES_FOR_KIND[kind].includes(role);
}

/**
 * A user's roles across the platform: their platform roles and every role they hold in any
 * organisation, each once, platform roles first.
 * Example: platform ['resident'] + memberships [organizer@A, member@B, organizer@C]
 *          → ['resident', 'organizer', 'member'].
 */
export function effectiveRoles(platformRoles: readonly PlatformRole[], membershipRoles: readonly MembershipRole[]): Role[] {
  const roles: Role[] = [];
  for (const role of [...platformRoles, ...membershipRoles]) if (!roles.includes(role)) roles.push(role);
  return roles;
}

/** Platform roles that may found organisations. */
export const ORG_CREATOR_ROLES: readonly Role[] = ['admin', 'foundation_staff'];

export function mayCreateOrg(roles: readonly Role[]): boolean {
  return roles.some((role) => ORG_CREATOR_ROLES.includes(role));
}

/**
 * Whether a user may add members to an organisation: admins always; otherwise someone holding
 * the kind's managing role in that very organisation (the organizer of a community, the
 * business account of a business, foundation staff of a foundation).
 */
export function mayManageOrg(
  user: { roles: readonly Role[]; memberships: readonly { orgId: string; role: MembershipRole }[] },
  org: { id: string; kind: OrgKind },
): boolean {
  if (user.roles.includes('admin')) return true;
  const managing = DEFAULT_ROLE_FOR_KIND[org.kind];
  return user.memberships.some((m) => m.orgId === org.id && m.role === managing);
}

/** Whether a user may see an organisation's member list: admins and the org's own members. */
export function maySeeMembers(
  user: { roles: readonly Role[]; memberships: readonly { orgId: string }[] },
  orgId: string,
): boolean {
  return user.roles.includes('admin') || user.memberships.some((m) => m.orgId === orgId);
}
