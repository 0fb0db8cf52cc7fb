import type { MembershipRole, OrgKind } from '@goodloop/contracts';
import type { KeyObject } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { GATEWAY_TOKEN_HEADER, gatewaySigningKey, signGatewayToken } from '../auth/gateway-token';
import type { UserContext } from '../auth/user-context';
import { testGatewayKeys } from './test-env';

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

/**
 * The header the gateway adds to every internal call: a call token for `audience` (the service
 * called), signed with this test process's gateway key, carrying `user` when given. The ledger's
 * suites, which call the ledger app directly, use the default audience.
 */
export function asUser(user?: UserContext, audience = 'ledger'): Record<string, string> {
  const { signingKey } = testGatewayKeys();
  if (signingKey !== cachedKey?.text) cachedKey = { text: signingKey, key: gatewaySigningKey(signingKey) };
  return { [GATEWAY_TOKEN_HEADER]: signGatewayToken(cachedKey.key, audience, user) };
}

let cachedKey: { text: string; key: KeyObject } | undefined;
