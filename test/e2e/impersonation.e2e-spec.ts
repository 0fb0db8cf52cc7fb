import { GATEWAY_TOKEN_HEADER, gatewaySigningKey, signGatewayToken, type UserContext } from '@goodloop/common';
import { asUser, testAdmin, waitFor } from '@goodloop/common/testing';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { demo, Platform } from './platform';

/**
 * No service can impersonate another, or a user, towards a service: a call to a service's
 * internal API must carry a token the gateway signed for that service in the last 60 s. Each
 * attack below goes straight to the ledger's port, as a compromised service on the same network
 * would, and must be refused with 401 and leave the books as they were. And a user of 30
 * organisations with long Chinese names still gets through (the context used to carry the
 * names and passed Node's 16 KB header limit: 431).
 */
describe('internal calls carry the gateway signature', () => {
  const platform = new Platform('e2e_impersonation');
  const admin: UserContext = testAdmin();

  beforeAll(() => platform.start());
  afterAll(() => platform.stop());

  const ledgerUrl = (path: string) => `http://127.0.0.1:${platform.ledgerPort}${path}`;

  /** 1,000 points from issuance to the attacker's wallet: what an attacker would like to post. */
  const grant = (transferId: string) => ({
    transferId,
    debitAccount: 'issuance:community-points',
    creditAccount: `user:${admin.id}`,
    asset: 'POINTS',
    amount: 1000,
    code: 'adjust',
  });

  async function postTransfer(headers: Record<string, string>, transferId: string): Promise<number> {
    const res = await fetch(ledgerUrl('/internal/transfers'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(grant(transferId)),
    });
    return res.status;
  }

  async function transfersCount(): Promise<number> {
    const rows = (await platform.ledger!.get(DataSource).query('SELECT count(*)::int AS n FROM transfers')) as { n: number }[];
    return rows[0]!.n;
  }

  const now = () => Math.floor(Date.now() / 1000);
  const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
  const adminClaims = (aud: string) => ({
    iss: 'goodloop-gateway',
    aud,
    iat: now(),
    exp: now() + 60,
    jti: randomUUID(),
    usr: { id: admin.id, dn: 'x', r: admin.roles, rv: true, m: [] },
  });

  const attacks: [string, () => Record<string, string>][] = [
    [
      'the old shared token and base64 user header',
      () => ({
        'x-goodloop-internal-token': 'test-internal-token-0123456789abcdef0123456789',
        'x-goodloop-user': Buffer.from(JSON.stringify(admin)).toString('base64url'),
      }),
    ],
    [
      'an unsigned token (alg none)',
      () => ({ [GATEWAY_TOKEN_HEADER]: `${part({ alg: 'none', typ: 'JWT' })}.${part(adminClaims('ledger'))}.` }),
    ],
    [
      'a token a compromised service signed with a key of its own',
      () => ({ [GATEWAY_TOKEN_HEADER]: signGatewayToken(generateKeyPairSync('ed25519').privateKey, 'ledger', admin) }),
    ],
    [
      'a real gateway token for another service, replayed',
      () => ({ [GATEWAY_TOKEN_HEADER]: asUser(admin, 'volunteers')[GATEWAY_TOKEN_HEADER]! }),
    ],
    [
      'a real gateway token that expired',
      () => ({
        [GATEWAY_TOKEN_HEADER]: signGatewayToken(
          gatewaySigningKey(process.env.GATEWAY_SIGNING_KEY!),
          'ledger',
          admin,
          Date.now() - 61_000,
        ),
      }),
    ],
  ];

  it.each(attacks)('refuses %s with 401 and posts nothing', async (_, headers) => {
    const before = await transfersCount();
    const transferId = `attack-${randomUUID()}`;
    expect(await postTransfer(headers(), transferId)).toBe(401);
    // The same body through the Nest route (a linked batch is never the fast route's).
    const linked = await fetch(ledgerUrl('/internal/transfers/linked'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers() },
      body: JSON.stringify({ transfers: [grant(`${transferId}-linked`)] }),
    });
    expect(linked.status).toBe(401);
    const trial = await fetch(ledgerUrl('/internal/trial-balance'), { headers: headers() });
    expect(trial.status).toBe(401);
    expect(await transfersCount()).toBe(before);
    // The ledger never heard of it, as the gateway's own token shows.
    const lookup = await fetch(ledgerUrl(`/internal/transfers/${transferId}`), { headers: asUser(admin, 'ledger') });
    expect(lookup.status).toBe(404);
  });

  it('accepts the same call with the gateway token for the ledger', async () => {
    const before = await transfersCount();
    expect(await postTransfer(asUser(admin, 'ledger'), `allowed-${randomUUID()}`)).toBe(201);
    expect(await transfersCount()).toBe(before + 1);
  });

  it('lets a user of 30 organisations with long Chinese names through (no 431)', async () => {
    const adminToken = await platform.login(demo('admin'));
    const email = `many-orgs-${randomUUID().slice(0, 8)}@example.org`;
    const person = await platform.register(email, '多组织志愿者');
    const orgIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Near the 120-character limit, as real registered names of joint bodies can be.
      const name =
        `上海市浦东新区第${i}街道${randomUUID().slice(0, 6)}阳光社区${'志愿者服务队与社区公益基金会联合会'.repeat(8)}`.slice(
          0,
          118,
        );
      const org = await platform
        .http()
        .post('/api/v1/orgs')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ name, kind: 'community' })
        .expect(201);
      const orgId = (org.body as { id: string }).id;
      orgIds.push(orgId);
      // Joining takes the person's acceptance of the invitation.
      const invitation = await platform
        .http()
        .post(`/api/v1/orgs/${orgId}/members`)
        .set('authorization', `Bearer ${adminToken}`)
        .send({ email, role: 'organizer' })
        .expect(201);
      await platform
        .http()
        .post(`/api/v1/invitations/${(invitation.body as { id: string }).id}/accept`)
        .set('authorization', `Bearer ${person.token}`)
        .expect(200);
    }
    const me = await platform.http().get('/api/v1/me').set('authorization', `Bearer ${person.token}`).expect(200);
    expect((me.body as { memberships: unknown[] }).memberships).toHaveLength(30);
    // The old header (the context as base64 JSON, names included) would not fit in Node's 16 KB.
    const oldHeader = Buffer.from(JSON.stringify({ ...me.body, roles: ['resident'] })).toString('base64url');
    expect(oldHeader.length).toBeGreaterThan(16 * 1024);

    // Relayed to the ledger and to volunteers with the whole context.
    await platform.http().get('/api/v1/me/wallet').set('authorization', `Bearer ${person.token}`).expect(200);
    await platform.http().get('/api/v1/activities').set('authorization', `Bearer ${person.token}`).expect(200);

    // As organizer of the last organisation: volunteers names it from its read model.
    const orgId = orgIds[29]!;
    const startsAt = new Date(Date.now() + 3_600_000);
    const published = await waitFor(
      () =>
        platform
          .http()
          .post('/api/v1/activities')
          .set('authorization', `Bearer ${person.token}`)
          .send({
            orgId,
            title: '多组织的活动',
            category: 'elderly',
            place: { name: '阳光社区活动中心' },
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
            capacity: 5,
            pointsPerHour: 10,
          }),
      (res) => res.status !== 404,
      { what: 'volunteers to know the organisation' },
    );
    expect(published.status).toBe(201);
    expect((published.body as { orgName: string }).orgName).toMatch(/^上海市浦东新区第29街道/);
  });
});
