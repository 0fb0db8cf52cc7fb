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

type Actor = { roles: readonly Role[]; memberships: readonly { orgId: string; role: MembershipRole }[] };

/** Roles that may found organisations at all (which kinds is `orgCreation`'s answer). */
export const ORG_CREATOR_ROLES: readonly Role[] = ['admin', 'foundation_staff'];

/** Kinds a foundation may found for the communities and social organisations it supports. */
export const SUPPORTABLE_KINDS: readonly OrgKind[] = ['community', 'social_org'];

export function mayCreateOrg(roles: readonly Role[]): boolean {
  return roles.some((role) => ORG_CREATOR_ROLES.includes(role));
}

/** The foundations a user is staff of. */
export function staffFoundations(user: Actor): string[] {
  return user.memberships.filter((m) => m.role === 'foundation_staff').map((m) => m.orgId);
}

/**
 * Whether a user may found an organisation of a kind, and on whose behalf. Creating any
 * organisation is an admin decision; the one exception is a foundation's: its staff may found a
 * community or social organisation that the foundation then supports (recorded on the org as
 * `supportedBy`). Businesses and foundations are founded by admins only.
 * Example: staff of foundation F asking for a community → { ok, supportedBy: F };
 *          the same staff asking for a business → refused; an organizer → refused.
 * A user who is staff of several foundations names one (`supportedBy`); staff of one may omit it.
 */
export function orgCreation(
  user: Actor,
  kind: OrgKind,
  supportedBy?: string,
): { ok: true; supportedBy: string | null } | { ok: false; reason: string } {
  if (user.roles.includes('admin')) return { ok: true, supportedBy: supportedBy ?? null };
  const foundations = staffFoundations(user);
  if (foundations.length === 0) return { ok: false, reason: 'Only admins and foundation staff create organisations' };
  if (!SUPPORTABLE_KINDS.includes(kind)) {
    return {
      ok: false,
      reason: `Only admins create ${kind} organisations; foundation staff create communities and social organisations`,
    };
  }
  if (supportedBy !== undefined) {
    return foundations.includes(supportedBy)
      ? { ok: true, supportedBy }
      : { ok: false, reason: 'You are not staff of the supporting foundation' };
  }
  const only = foundations.length === 1 ? foundations[0] : undefined;
  return only ? { ok: true, supportedBy: only } : { ok: false, reason: 'Name the supporting foundation (supportedBy)' };
}

/**
 * Whether a user may invite members to an organisation and remove them: admins always; the
 * holder of the kind's managing role in that very organisation (the organizer of a community,
 * the business account of a business, foundation staff of a foundation); and the staff of the
 * foundation that supports it.
 */
export function mayManageOrg(user: Actor, org: { id: string; kind: OrgKind; supportedBy?: string | null }): boolean {
  if (user.roles.includes('admin')) return true;
  if (supportsOrg(user, org)) return true;
  const managing = DEFAULT_ROLE_FOR_KIND[org.kind];
  return user.memberships.some((m) => m.orgId === org.id && m.role === managing);
}

function supportsOrg(user: Actor, org: { supportedBy?: string | null }): boolean {
  return !!org.supportedBy && staffFoundations(user).includes(org.supportedBy);
}

/**
 * Whether a user may grant (or withdraw) one role in an organisation. The managing roles —
 * organizer, business, foundation_staff — are admin decisions, or the supporting foundation's
 * for the organisations it supports; the other roles (member, reviewer) anyone who manages the
 * org may grant. An organizer therefore cannot make a second organizer, and foundation staff
 * cannot make more foundation staff: both go through an admin.
 */
export function mayGrantRole(
  user: Actor,
  org: { id: string; kind: OrgKind; supportedBy?: string | null },
  role: MembershipRole,
): boolean {
  if (!mayManageOrg(user, org)) return false;
  if (!isManagingRole(role)) return true;
  return user.roles.includes('admin') || supportsOrg(user, org);
}

export function isManagingRole(role: MembershipRole): boolean {
  return role === 'organizer' || role === 'business' || role === 'foundation_staff';
}

/** Whether a user may see an organisation's member list: admins and the org's own members. */
export function maySeeMembers(
  user: { roles: readonly Role[]; memberships: readonly { orgId: string }[] },
  orgId: string,
): boolean {
  return user.roles.includes('admin') || user.memberships.some((m) => m.orgId === orgId);
}
