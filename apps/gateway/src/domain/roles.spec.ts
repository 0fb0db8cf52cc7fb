// @goodloop/contracts declares decorated classes; reflect-metadata must be loaded before it.
import 'reflect-metadata';
import type { UserContext } from '@goodloop/common';
import { effectiveRoles, mayCreateOrg, mayGrantRole, mayManageOrg, maySeeMembers, orgCreation, roleAllowedInKind } from './roles';

const ORG_A = '0190a4a0-0000-7000-8000-00000000000a';
const ORG_B = '0190a4a0-0000-7000-8000-00000000000b';

function user(roles: UserContext['roles'], memberships: UserContext['memberships'] = []): UserContext {
  return { id: 'u', email: 'u@example.org', displayName: 'U', roles, residentVerified: false, memberships };
}

describe('identity rules', () => {
  it('unions platform and membership roles, each once, platform roles first', () => {
    expect(effectiveRoles(['resident'], ['organizer', 'member', 'organizer'])).toEqual(['resident', 'organizer', 'member']);
    expect(effectiveRoles(['resident', 'admin'], [])).toEqual(['resident', 'admin']);
  });

  it('lets admins and foundation staff found organisations, nobody else', () => {
    expect(mayCreateOrg(['resident', 'admin'])).toBe(true);
    expect(mayCreateOrg(['resident', 'foundation_staff'])).toBe(true);
    expect(mayCreateOrg(['resident', 'organizer', 'reviewer'])).toBe(false);
  });

  it('lets only the managing role of that very organisation add members', () => {
    const community = { id: ORG_A, kind: 'community' as const };
    const organizerOfA = user(
      ['resident', 'organizer'],
      [{ orgId: ORG_A, orgName: 'A', orgKind: 'community', role: 'organizer' }],
    );
    const organizerOfB = user(
      ['resident', 'organizer'],
      [{ orgId: ORG_B, orgName: 'B', orgKind: 'community', role: 'organizer' }],
    );
    const memberOfA = user(['resident', 'member'], [{ orgId: ORG_A, orgName: 'A', orgKind: 'community', role: 'member' }]);
    expect(mayManageOrg(organizerOfA, community)).toBe(true);
    expect(mayManageOrg(organizerOfB, community)).toBe(false);
    expect(mayManageOrg(memberOfA, community)).toBe(false);
    expect(mayManageOrg(user(['resident', 'admin']), community)).toBe(true);
    // A reviewer of a foundation does not manage it; its staff do.
    const foundation = { id: ORG_B, kind: 'foundation' as const };
    const reviewer = user(['resident', 'reviewer'], [{ orgId: ORG_B, orgName: 'B', orgKind: 'foundation', role: 'reviewer' }]);
    const staff = user(
      ['resident', 'foundation_staff'],
      [{ orgId: ORG_B, orgName: 'B', orgKind: 'foundation', role: 'foundation_staff' }],
    );
    expect(mayManageOrg(reviewer, foundation)).toBe(false);
    expect(mayManageOrg(staff, foundation)).toBe(true);
    expect(maySeeMembers(reviewer, ORG_B)).toBe(true);
    expect(maySeeMembers(reviewer, ORG_A)).toBe(false);
  });

  it('lets admins found any kind and foundation staff only the communities their foundation supports', () => {
    const admin = user(['resident', 'admin']);
    const staffOfB = user(
      ['resident', 'foundation_staff'],
      [{ orgId: ORG_B, orgName: 'B', orgKind: 'foundation', role: 'foundation_staff' }],
    );
    const organizer = user(['resident', 'organizer'], [{ orgId: ORG_A, orgName: 'A', orgKind: 'community', role: 'organizer' }]);
    expect(orgCreation(admin, 'business')).toEqual({ ok: true, supportedBy: null });
    expect(orgCreation(staffOfB, 'community')).toEqual({ ok: true, supportedBy: ORG_B });
    expect(orgCreation(staffOfB, 'social_org', ORG_B)).toEqual({ ok: true, supportedBy: ORG_B });
    expect(orgCreation(staffOfB, 'social_org', ORG_A)).toMatchObject({ ok: false });
    expect(orgCreation(staffOfB, 'business')).toMatchObject({ ok: false });
    expect(orgCreation(staffOfB, 'foundation')).toMatchObject({ ok: false });
    expect(orgCreation(organizer, 'business')).toMatchObject({ ok: false });
    expect(orgCreation(organizer, 'community')).toMatchObject({ ok: false });
  });

  it('keeps managing roles to admins and the supporting foundation', () => {
    const community = { id: ORG_A, kind: 'community' as const, supportedBy: ORG_B };
    const foundation = { id: ORG_B, kind: 'foundation' as const };
    const organizerOfA = user(
      ['resident', 'organizer'],
      [{ orgId: ORG_A, orgName: 'A', orgKind: 'community', role: 'organizer' }],
    );
    const staffOfB = user(
      ['resident', 'foundation_staff'],
      [{ orgId: ORG_B, orgName: 'B', orgKind: 'foundation', role: 'foundation_staff' }],
    );
    expect(mayGrantRole(organizerOfA, community, 'member')).toBe(true);
    expect(mayGrantRole(organizerOfA, community, 'organizer')).toBe(false);
    expect(mayGrantRole(organizerOfA, foundation, 'foundation_staff')).toBe(false);
    expect(mayManageOrg(staffOfB, community)).toBe(true);
    expect(mayGrantRole(staffOfB, community, 'organizer')).toBe(true);
    expect(mayGrantRole(staffOfB, { ...community, supportedBy: null }, 'organizer')).toBe(false);
    expect(mayGrantRole(staffOfB, foundation, 'reviewer')).toBe(true);
    expect(mayGrantRole(staffOfB, foundation, 'foundation_staff')).toBe(false);
    expect(mayGrantRole(user(['resident', 'admin']), foundation, 'foundation_staff')).toBe(true);
  });

  it('keeps roles to the kinds they belong to', () => {
    expect(roleAllowedInKind('community', 'organizer')).toBe(true);
    expect(roleAllowedInKind('foundation', 'reviewer')).toBe(true);
    expect(roleAllowedInKind('business', 'organizer')).toBe(false);
    expect(roleAllowedInKind('community', 'foundation_staff')).toBe(false);
    expect(roleAllowedInKind('social_org', 'member')).toBe(true);
  });
});
