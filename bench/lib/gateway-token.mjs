// The gateway's call token (libs/common/src/auth/gateway-token.ts) for scripts that call a
// service directly, as the gateway would: an EdDSA JWT for one service, valid 60 s.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

export function generateGatewayKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    verifyKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** Headers of a call to `audience` as `user`; call again within 60 s (the token's lifetime). */
export function gatewayHeaders(signingKey, audience, user) {
  const key = { key: Buffer.from(signingKey, 'base64'), format: 'der', type: 'pkcs8' };
  const iat = Math.floor(Date.now() / 1000);
  const usr = {
    id: user.id,
    dn: user.displayName,
    r: user.roles,
    rv: user.residentVerified,
    m: user.memberships.map((m) => [m.orgId, m.orgKind, m.role]),
  };
  const claims = { iss: 'goodloop-gateway', aud: audience, iat, exp: iat + 60, jti: randomUUID(), usr };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return { 'x-goodloop-gateway-token': `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}` };
}
