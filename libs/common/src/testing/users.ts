import type { MembershipRole, OrgKind } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import { encodeUserContext, INTERNAL_TOKEN_HEADER, USER_CONTEXT_HEADER, type UserContext } from '../auth/user-context';
import { TEST_INTERNAL_TOKEN } from './test-env';

/** A verified resident as the gateway passes users to services; `over` changes any field. */
export function testResident(over: Partial<UserContext> = {}): UserContext {
  const id = over.id ?? uuidv7();
  return {
    id,
    email: `${id}@example.org`,
    displayName: 'Resident',
    roles: ['resident'],
    residentVerified: true,
    memberships: [],
    ...over,
  };
}

export function testAdmin(over: Partial<UserContext> = {}): UserContext {
  return testResident({ displayName: 'Admin', roles: ['resident', 'admin'], ...over });
}

/** A member of one organisation with one role there (organizer of a community by default). */
export function testMemberOf(
  orgId: string,
  {
    role = 'organizer',
    orgName = '阳光社区',
    orgKind = 'community',
    ...over
  }: Partial<UserContext> & {
    role?: MembershipRole;
    orgName?: string;
    orgKind?: OrgKind;
  } = {},
): UserContext {
  return testResident({
    displayName: role,
    roles: ['resident', role],
    memberships: [{ orgId, orgName, orgKind, role }],
    ...over,
  });
}

/** The headers the gateway adds to every internal call: its token and, when given, the user. */
export function asUser(user?: UserContext): Record<string, string> {
  return {
    [INTERNAL_TOKEN_HEADER]: TEST_INTERNAL_TOKEN,
    ...(user ? { [USER_CONTEXT_HEADER]: encodeUserContext(user) } : {}),
  };
}
