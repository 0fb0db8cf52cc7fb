import { createHmac, generateKeyPairSync } from 'node:crypto';
import {
  GATEWAY_TOKEN_HEADER,
  generateGatewayKeyPair,
  gatewaySigningKey,
  gatewayVerifyKey,
  signGatewayToken,
  verifyGatewayToken,
} from './gateway-token';
import { GatewayTokenVerifier } from './internal-auth.guard';
import type { UserContext } from './user-context';

const pair = generateGatewayKeyPair();
const signingKey = gatewaySigningKey(pair.signingKey);
const verifyKey = gatewayVerifyKey(pair.verifyKey);

const USER: UserContext = {
  id: '0190a4a0-0000-7000-8000-000000000001',
  displayName: '居民小王',
  roles: ['resident', 'organizer'],
  residentVerified: true,
  memberships: [{ orgId: '0190a4a0-0000-7000-8000-0000000000aa', orgKind: 'community', role: 'organizer' }],
};

const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

describe('gateway call tokens', () => {
  it('carries the user to the service it is meant for', () => {
    const token = signGatewayToken(signingKey, 'ledger', USER);
    expect(verifyGatewayToken(verifyKey, 'ledger', token)).toEqual({ user: USER });
    expect(verifyGatewayToken(verifyKey, 'ledger', signGatewayToken(signingKey, 'ledger'))).toEqual({});
  });

  it('sends ids, kinds and roles but no names or e-mail', () => {
    const token = signGatewayToken(signingKey, 'volunteers', {
      ...USER,
      email: 'wang@example.org',
      memberships: [{ ...USER.memberships[0]!, orgName: '上海市浦东新区阳光社区公益服务中心' }],
    });
    const claims = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
    expect(claims).not.toContain('example.org');
    expect(claims).not.toContain('阳光社区');
    expect(verifyGatewayToken(verifyKey, 'volunteers', token)).toEqual({ user: USER });
  });

  it('refuses a token for another service', () => {
    expect(verifyGatewayToken(verifyKey, 'volunteers', signGatewayToken(signingKey, 'ledger', USER))).toBeUndefined();
  });

  it('refuses an expired token and one issued in the future', () => {
    const now = Date.now();
    const token = signGatewayToken(signingKey, 'ledger', USER, now);
    expect(verifyGatewayToken(verifyKey, 'ledger', token, now + 59_000)).toBeDefined();
    expect(verifyGatewayToken(verifyKey, 'ledger', token, now + 60_000)).toBeUndefined();
    expect(
      verifyGatewayToken(verifyKey, 'ledger', signGatewayToken(signingKey, 'ledger', USER, now + 60_000), now),
    ).toBeUndefined();
    // A long-lived token is not one the gateway issues, whoever signed it.
    expect(verifyGatewayToken(verifyKey, 'ledger', signGatewayToken(signingKey, 'ledger', USER, now, 3600), now)).toBeUndefined();
  });

  it('refuses a token signed with another key: a service cannot mint one', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(verifyGatewayToken(verifyKey, 'ledger', signGatewayToken(other, 'ledger', USER))).toBeUndefined();
  });

  it('refuses a changed payload, an unsigned token and another algorithm', () => {
    const [header, , signature] = signGatewayToken(signingKey, 'ledger', USER).split('.') as [string, string, string];
    const now = Math.floor(Date.now() / 1000);
    const admin = part({
      iss: 'goodloop-gateway',
      aud: 'ledger',
      iat: now,
      exp: now + 60,
      jti: 'x',
      usr: { id: USER.id, dn: 'x', r: ['admin'], rv: true, m: [] },
    });
    expect(verifyGatewayToken(verifyKey, 'ledger', `${header}.${admin}.${signature}`)).toBeUndefined();
    expect(verifyGatewayToken(verifyKey, 'ledger', `${part({ alg: 'none', typ: 'JWT' })}.${admin}.`)).toBeUndefined();
    // HS256 keyed with the (public) verify key: the classic algorithm-confusion forgery.
    const hs = part({ alg: 'HS256', typ: 'JWT' });
    const mac = createHmac('sha256', pair.verifyKey).update(`${hs}.${admin}`).digest('base64url');
    expect(verifyGatewayToken(verifyKey, 'ledger', `${hs}.${admin}.${mac}`)).toBeUndefined();
    expect(verifyGatewayToken(verifyKey, 'ledger', 'not a token')).toBeUndefined();
  });

  it('ignores the old shared-token and base64 user headers', () => {
    const verifier = new GatewayTokenVerifier(verifyKey, 'ledger');
    expect(
      verifier.check({
        'x-goodloop-internal-token': 'test-internal-token-0123456789abcdef0123456789',
        'x-goodloop-user': Buffer.from(JSON.stringify({ ...USER, roles: ['admin'] })).toString('base64url'),
      }),
    ).toBeUndefined();
    expect(verifier.check({ [GATEWAY_TOKEN_HEADER]: signGatewayToken(signingKey, 'ledger', USER) })).toEqual({ user: USER });
  });

  it('keeps a user of 30 organisations with long Chinese names far below the 16 KB header limit', () => {
    const memberships = Array.from({ length: 30 }, (_, i) => ({
      orgId: `0190a4a0-0000-7000-8000-${String(i).padStart(12, '0')}`,
      orgName: `上海市浦东新区某某街道第${i}居民区阳光志愿者服务队暨社区公益基金会联合会`.repeat(3),
      orgKind: 'social_org' as const,
      role: 'organizer' as const,
    }));
    const token = signGatewayToken(signingKey, 'volunteers', { ...USER, memberships });
    expect(token.length).toBeLessThan(5 * 1024);
    expect(verifyGatewayToken(verifyKey, 'volunteers', token)?.user?.memberships).toHaveLength(30);
  });
});
