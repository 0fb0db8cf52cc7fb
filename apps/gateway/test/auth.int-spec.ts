import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../src/auth/tokens.service';
import { api, gatewayTestConfig, register, startGateway, TEST_JWT_SECRET, uniqueEmail } from './support/gateway-test-kit';

interface AuthBody {
  user: { id: string; email: string; displayName: string; locale: string; roles: string[]; residentVerified: boolean };
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

describe('gateway auth', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(
      gatewayTestConfig('auth', { RATE_LIMIT_REGISTER_PER_MINUTE: '1000', REFRESH_REUSE_GRACE_SECONDS: '1' }),
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('registers, logs in, answers /me, rotates refresh tokens and logs out', async () => {
    const email = uniqueEmail('wang');
    const reg = await api(app)
      .post('/api/v1/auth/register')
      .send({ email: `  ${email.toUpperCase()} `, password: 'Resident-pass-2026', displayName: ' 居民小王 ', locale: 'en' });
    expect(reg.status).toBe(201);
    const registered = reg.body as AuthBody;
    expect(registered.user).toEqual({
      id: expect.any(String),
      email,
      displayName: '居民小王',
      locale: 'en',
      roles: ['resident'],
      residentVerified: false,
    });
    expect(registered.expiresIn).toBe(900);

    const login = await api(app).post('/api/v1/auth/login').send({ email, password: 'Resident-pass-2026' });
    expect(login.status).toBe(200);
    const session = login.body as AuthBody;
    expect(session.user.id).toBe(registered.user.id);

    const me = await api(app).get('/api/v1/me').set('authorization', `Bearer ${session.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ ...registered.user, memberships: [] });
    expect(me.headers['x-request-id']).toEqual(expect.any(String));

    // Rotation: the refresh answers a new pair; the old refresh token is spent.
    const refreshed = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const next = refreshed.body as AuthBody;
    expect(next.refreshToken).not.toBe(session.refreshToken);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${next.accessToken}`).expect(200);

    // Reusing the spent token after the grace for concurrent tabs is theft or a bug: 401, and the
    // whole sign-in is revoked — the refresh token issued by the rotation and its access tokens too.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const reuse = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'REFRESH_TOKEN_REUSED' });
    const afterReuse = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: next.refreshToken });
    expect(afterReuse.status).toBe(401);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${next.accessToken}`).expect(401);

    // The registration's own sign-in is a separate family and still works; log it out.
    const other = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: registered.refreshToken });
    expect(other.status).toBe(200);
    const fresh = other.body as AuthBody;
    await api(app)
      .post('/api/v1/auth/logout')
      .set('authorization', `Bearer ${fresh.accessToken}`)
      .send({ refreshToken: fresh.refreshToken })
      .expect(204);
    await api(app).post('/api/v1/auth/refresh').send({ refreshToken: fresh.refreshToken }).expect(401);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${fresh.accessToken}`).expect(401);
  });

  it('lets two tabs refresh one sign-in at once, and still revokes a later replay', async () => {
    const email = uniqueEmail('tabs');
    await register(app, email);
    const login = (await api(app).post('/api/v1/auth/login').send({ email, password: 'Resident-pass-2026' }).expect(200))
      .body as AuthBody;

    // Two tabs find the access token expired and refresh with the same refresh token at once.
    const [first, second] = await Promise.all([
      api(app).post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }),
      api(app).post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const tabA = first.body as AuthBody;
    const tabB = second.body as AuthBody;
    expect(tabA.refreshToken).not.toBe(tabB.refreshToken);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${tabA.accessToken}`).expect(200);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${tabB.accessToken}`).expect(200);
    // Each tab goes on refreshing with its own token.
    const tabANext = (await api(app).post('/api/v1/auth/refresh').send({ refreshToken: tabA.refreshToken }).expect(200))
      .body as AuthBody;

    // The first token, replayed once the grace has passed, is theft: the whole sign-in ends.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const replay = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    await api(app).post('/api/v1/auth/refresh').send({ refreshToken: tabANext.refreshToken }).expect(401);
    await api(app).post('/api/v1/auth/refresh').send({ refreshToken: tabB.refreshToken }).expect(401);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${tabANext.accessToken}`).expect(401);
  });

  it('revokes a replay of an older token of the family even within the grace', async () => {
    const email = uniqueEmail('older');
    await register(app, email);
    const login = (await api(app).post('/api/v1/auth/login').send({ email, password: 'Resident-pass-2026' }).expect(200))
      .body as AuthBody;
    const next = (await api(app).post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }).expect(200))
      .body as AuthBody;
    await api(app).post('/api/v1/auth/refresh').send({ refreshToken: next.refreshToken }).expect(200);
    // `login.refreshToken` is no longer the family's latest spent token: replaying it is theft.
    const replay = await api(app).post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const email = uniqueEmail('dup');
    await register(app, email);
    const again = await api(app)
      .post('/api/v1/auth/register')
      .send({ email: email.toUpperCase(), password: 'Another-pass-2026', displayName: '重复' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'An account with this email already exists',
      code: 'EMAIL_TAKEN',
    });
  });

  it('treats look-alike spellings of an address (full-width, case, spaces) as one account', async () => {
    const local = `wang${randomUUID().slice(0, 6)}`;
    const fullWidth = `${[...local].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')}＠ｅｘａｍｐｌｅ．ｏｒｇ`;
    const first = await api(app)
      .post('/api/v1/auth/register')
      .send({ email: fullWidth, password: 'Resident-pass-2026', displayName: '全角' });
    expect(first.status).toBe(201);
    expect(first.body.user.email).toBe(`${local}@example.org`);
    const ascii = await api(app)
      .post('/api/v1/auth/register')
      .send({ email: ` ${local.toUpperCase()}@Example.org `, password: 'Another-pass-2026', displayName: '半角' });
    expect(ascii.status).toBe(409);
    await api(app)
      .post('/api/v1/auth/login')
      .send({ email: `${local}@example.org`, password: 'Resident-pass-2026' })
      .expect(200);
    const rows = (await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [`${local}@example.org`])) as { n: number }[];
    expect(rows[0]!.n).toBe(1);
  });

  it('makes one account of ten concurrent registrations of one address', async () => {
    const email = uniqueEmail('race');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api(app)
          .post('/api/v1/auth/register')
          .send({ email: i % 2 ? email.toUpperCase() : email, password: 'Resident-pass-2026', displayName: `竞争${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
    const rows = (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email])) as {
      n: number;
    }[];
    expect(rows[0]!.n).toBe(1);
  });

  it('answers bad bodies with 400 naming each failing field', async () => {
    const res = await api(app).post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short', displayName: '' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
    const fields = (res.body as { details: { field: string }[] }).details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'displayName']));

    const unknown = await api(app)
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail('x'), password: 'Resident-pass-2026', displayName: 'x', roles: ['admin'] });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain('roles');

    const login = await api(app).post('/api/v1/auth/login').send({});
    expect(login.status).toBe(400);
    expect((login.body as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['email', 'password']),
    );

    const malformed = await api(app).post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('gives a wrong password and an unknown email the same 401', async () => {
    const email = uniqueEmail('known');
    await register(app, email);
    const wrong = await api(app).post('/api/v1/auth/login').send({ email, password: 'Wrong-pass-2026' });
    const unknown = await api(app)
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail('nobody'), password: 'Wrong-pass-2026' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Wrong email or password',
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('refuses missing, expired, tampered and forged access tokens in the public shape', async () => {
    const user = await register(app, uniqueEmail('tokens'));
    const other = await register(app, uniqueEmail('victim'));

    const none = await api(app).get('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED' });

    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    const expired = await jwt.signAsync({
      sub: user.userId,
      sid: randomUUID(),
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const expiredRes = await api(app).get('/api/v1/me').set('authorization', `Bearer ${expired}`);
    expect(expiredRes.status).toBe(401);
    expect(expiredRes.body).toMatchObject({ statusCode: 401, code: 'TOKEN_EXPIRED' });

    // Same signature, someone else's id in the payload.
    const [head, , sig] = user.accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: other.userId, exp: 9_999_999_999 })).toString('base64url');
    const tampered = await api(app).get('/api/v1/me').set('authorization', `Bearer ${head}.${payload}.${sig}`);
    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatchObject({ statusCode: 401, code: 'TOKEN_INVALID' });

    const forged = await new JwtService({ secret: 'some-other-secret-some-other-secret-0123' }).signAsync({ sub: user.userId });
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${forged}`).expect(401);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: user.userId })).toString('base64url')}.`;
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${unsigned}`).expect(401);
    await api(app).get('/api/v1/me').set('authorization', 'Basic abc').expect(401);

    // A valid token of its own still works.
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${user.accessToken}`).expect(200);
  });

  it('refuses a token signed with the real key that lacks exp, sid, iss or aud, or names another issuer or audience', async () => {
    const user = await register(app, uniqueEmail('claims'));
    const sid = (JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    const issued = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(issued).toMatchObject({ sub: user.userId, sid, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE });
    expect(typeof issued.exp).toBe('number');

    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    const later = Math.floor(Date.now() / 1000) + 600;
    const full = { sub: user.userId, sid, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, exp: later };
    const without = (claim: keyof typeof full) => {
      const claims: Record<string, unknown> = { ...full };
      delete claims[claim];
      return claims;
    };
    const cases: [string, Record<string, unknown>][] = [
      ['no exp', without('exp')],
      ['no sid', without('sid')],
      ['no iss', without('iss')],
      ['no aud', without('aud')],
      ['another issuer', { ...full, iss: 'someone-else' }],
      ['another audience', { ...full, aud: 'goodloop-internal' }],
    ];
    for (const [what, claims] of cases) {
      const token = await jwt.signAsync(claims);
      const res = await api(app).get('/api/v1/me').set('authorization', `Bearer ${token}`);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 401, code: 'TOKEN_INVALID' });
    }
    // The same claims, complete, open the API: the refusals above are the missing claims'.
    const complete = await jwt.signAsync(full);
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${complete}`).expect(200);
  });

  it('answers 503 SERVICE_UNAVAILABLE in the public shape when a service cannot be reached', async () => {
    const user = await register(app, uniqueEmail('relay'));
    const wallet = await api(app).get('/api/v1/me/wallet').set('authorization', `Bearer ${user.accessToken}`);
    expect(wallet.status).toBe(503);
    expect(wallet.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' });
    expect(wallet.body.message).toContain('ledger');

    const activities = await api(app).get('/api/v1/activities');
    expect(activities.status).toBe(503);
    expect(activities.body.message).toContain('volunteers');

    // Input is validated at the gateway before any relay: 400 with fields, not 503.
    const bad = await api(app)
      .post('/api/v1/activities')
      .set('authorization', `Bearer ${user.accessToken}`)
      .send({ title: '', category: 'sports', place: {}, startsAt: 'tomorrow', capacity: 0, pointsPerHour: 2.5 });
    expect(bad.status).toBe(400);
    expect((bad.body as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['orgId', 'title', 'category', 'place.name', 'startsAt', 'endsAt', 'capacity', 'pointsPerHour']),
    );

    const health = await api(app).get('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({
      status: 'degraded',
      services: {
        gateway: 'ok',
        volunteers: 'down',
        ledger: 'down',
        donations: 'down',
        matching: 'down',
        postgres: 'ok',
        kafka: 'ok',
        redis: 'ok',
      },
    });
  });
});
