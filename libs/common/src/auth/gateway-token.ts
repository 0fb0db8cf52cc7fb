import type { MembershipRole, OrgKind, Role } from '@goodloop/contracts';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { UserContext } from './user-context';

/**
 * The gateway's call token: how a service knows a call comes from the gateway, for which
 * service it was meant, and on behalf of whom.
 *
 * A JWT (RFC 7519) signed with the gateway's Ed25519 key (`alg: EdDSA`, RFC 8037). Only the
 * gateway holds the private key (`GATEWAY_SIGNING_KEY`); each service holds the public key
 * (`GATEWAY_VERIFY_KEY`), so a service can check a token but never mint one — a compromised
 * volunteers service cannot speak to the ledger as an admin. The audience is the one service
 * the call is for, so a token a service receives cannot be replayed against another, and it
 * lives 60 s, so one lifted from a log is soon worthless.
 *
 * The user travels as ids, kinds and roles only: memberships can be many, and names (long
 * Chinese organisation names) once pushed the header past Node's 16 KB limit (431). A service
 * needing a name reads its own read model. Example claims:
 *
 *   { "iss": "goodloop-gateway", "aud": "ledger", "iat": 1764600000, "exp": 1764600060,
 *     "jti": "…", "usr": { "id": "…", "dn": "小王", "r": ["resident"], "rv": true,
 *     "m": [["0193…", "community", "organizer"]] } }
 */
export const GATEWAY_TOKEN_HEADER = 'x-goodloop-gateway-token';
export const GATEWAY_TOKEN_ISSUER = 'goodloop-gateway';
/** Seconds a call token is valid; a call takes far less, clocks of one cluster agree within seconds. */
export const GATEWAY_TOKEN_TTL_S = 60;
/** Leeway for clock skew between the gateway's host and a service's, on `iat` only. */
const CLOCK_SKEW_S = 5;
/** The largest token a service looks at; the gateway's biggest real one is a few KB. */
const MAX_TOKEN_LENGTH = 12 * 1024;

interface CompactUser {
  id: string;
  dn: string;
  r: Role[];
  rv: boolean;
  m: [orgId: string, orgKind: OrgKind, role: MembershipRole][];
}

interface CallClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  usr?: CompactUser;
}

/** What a verified call token says: the caller is the gateway, and maybe a user. */
export interface VerifiedCall {
  user?: UserContext;
}

const HEADER = base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));

/** Signs a call to `audience` (a service name) on behalf of `user`, or of nobody. */
export function signGatewayToken(
  key: KeyObject,
  audience: string,
  user?: UserContext,
  nowMs: number = Date.now(),
  ttlS: number = GATEWAY_TOKEN_TTL_S,
): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: CallClaims = {
    iss: GATEWAY_TOKEN_ISSUER,
    aud: audience,
    iat,
    exp: iat + ttlS,
    jti: randomUUID(),
    ...(user ? { usr: compact(user) } : {}),
  };
  const signingInput = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
}

/**
 * The call, when `token` is a gateway token for `audience` that is signed by the gateway's key
 * and not expired; undefined for anything else (unsigned, other algorithm, other issuer or
 * audience, expired, issued in the future, malformed).
 */
export function verifyGatewayToken(
  key: KeyObject,
  audience: string,
  token: string,
  nowMs: number = Date.now(),
): VerifiedCall | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  // The header must be exactly the one we sign with: no `alg: none`, no HS256 with the public key.
  if (header !== HEADER) return undefined;
  if (!verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return undefined;
  let claims: Partial<CallClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<CallClaims>;
  } catch {
    return undefined;
  }
  const now = Math.floor(nowMs / 1000);
  if (claims.iss !== GATEWAY_TOKEN_ISSUER || claims.aud !== audience) return undefined;
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return undefined;
  if (now >= claims.exp || claims.iat > now + CLOCK_SKEW_S || claims.exp - claims.iat > GATEWAY_TOKEN_TTL_S) return undefined;
  if (claims.usr === undefined) return {};
  const user = expand(claims.usr);
  return user ? { user } : undefined;
}

function compact(user: UserContext): CompactUser {
  return {
    id: user.id,
    dn: user.displayName,
    r: user.roles,
    rv: user.residentVerified,
    m: user.memberships.map((m) => [m.orgId, m.orgKind, m.role]),
  };
}

function expand(usr: Partial<CompactUser>): UserContext | undefined {
  if (typeof usr.id !== 'string' || !Array.isArray(usr.r) || !Array.isArray(usr.m)) return undefined;
  return {
    id: usr.id,
    displayName: typeof usr.dn === 'string' ? usr.dn : '',
    roles: usr.r,
    residentVerified: usr.rv === true,
    memberships: usr.m.map(([orgId, orgKind, role]) => ({ orgId, orgKind, role })),
  };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Reads a key given as PEM or as base64 of its DER (PKCS#8 for the private key, SPKI for the
 * public one: the one-line form an environment variable holds). Throws when it is not Ed25519.
 */
export function gatewaySigningKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 private key is needed, got ${key.asymmetricKeyType}`);
  return key;
}

export function gatewayVerifyKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 public key is needed, got ${key.asymmetricKeyType}`);
  return key;
}

/** A new key pair in the one-line form of the environment (base64 DER). */
export function generateGatewayKeyPair(): { signingKey: string; verifyKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    verifyKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}
