import { api, gatewayTestConfig, register, startGateway, uniqueEmail } from './support/gateway-test-kit';
import type { INestApplication } from '@nestjs/common';

describe('gateway rate limits (Redis)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(
      gatewayTestConfig('ratelimit', {
        RATE_LIMIT_WRITES_PER_MINUTE: '5',
        RATE_LIMIT_EXPENSIVE_READS_PER_MINUTE: '3',
        RATE_LIMIT_SEARCH_PER_MINUTE: '3',
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses the 11th login attempt for one email within a minute with 429 and Retry-After', async () => {
    const email = uniqueEmail('brute');
    await register(app, email);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const res = await api(app)
        .post('/api/v1/auth/login')
        .send({ email, password: `Guess-${attempt}-2026` });
      expect(res.status).toBe(401);
    }
    // Even the right password is refused now: the limit is on attempts, not failures.
    const eleventh = await api(app).post('/api/v1/auth/login').send({ email, password: 'Resident-pass-2026' });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const retryAfter = Number(eleventh.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another email from the same place has its own counter. Email case does not matter.
    await api(app)
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail('other'), password: 'x' })
      .expect(401);
    await api(app).post('/api/v1/auth/login').send({ email: email.toUpperCase(), password: 'x' }).expect(429);
  });

  it('limits expensive reads per user: trial balance, chain verification, the statement export', async () => {
    const user = await register(app, uniqueEmail('auditor'));
    const auth = { authorization: `Bearer ${user.accessToken}` };
    const statuses: number[] = [];
    for (const path of ['ledger/trial-balance', 'ledger/chain/verify', 'me/wallet/entries.csv', 'ledger/trial-balance']) {
      statuses.push((await api(app).get(`/api/v1/${path}`).set(auth)).status);
    }
    // Three get through (refused by role, or the ledger is not there in this suite); the fourth is throttled.
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    // Cheap reads are not counted.
    await api(app).get('/api/v1/me').set(auth).expect(200);
  });

  it('limits searches, not plain listing', async () => {
    const user = await register(app, uniqueEmail('searcher'));
    const auth = { authorization: `Bearer ${user.accessToken}` };
    const searches: number[] = [];
    for (let i = 0; i < 4; i++)
      searches.push(
        (
          await api(app)
            .get('/api/v1/activities')
            .query({ q: `读报${i}` })
            .set(auth)
        ).status,
      );
    expect(searches.slice(0, 3)).not.toContain(429);
    expect(searches[3]).toBe(429);
    const listed = await api(app).get('/api/v1/activities').set(auth);
    expect(listed.status).not.toBe(429);
  });

  it('limits every other write per user', async () => {
    const user = await register(app, uniqueEmail('writer'));
    const other = await register(app, uniqueEmail('neighbour'));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api(app)
        .post('/api/v1/orgs')
        .set('authorization', `Bearer ${user.accessToken}`)
        .send({ name: `组织${i}`, kind: 'community' });
      statuses.push(res.status);
    }
    // Five writes are let through (and refused by the role check); the sixth is throttled.
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    // Reads are not counted, and other users have their own budget.
    await api(app).get('/api/v1/me').set('authorization', `Bearer ${user.accessToken}`).expect(200);
    await api(app)
      .post('/api/v1/orgs')
      .set('authorization', `Bearer ${other.accessToken}`)
      .send({ name: 'x', kind: 'community' })
      .expect(403);
  });
});

describe('gateway sign-in limits across emails and across addresses', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(
      gatewayTestConfig('loginlimits', {
        TRUST_PROXY: 'true',
        RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '5',
        RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: '4',
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses one address trying a sixth account within a minute', async () => {
    const from = '198.51.100.7';
    for (let i = 0; i < 5; i++) {
      await api(app)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', from)
        .send({ email: uniqueEmail(`spray${i}`), password: 'Summer-2026-common' })
        .expect(401);
    }
    const sixth = await api(app)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', from)
      .send({ email: uniqueEmail('spray-last'), password: 'Summer-2026-common' });
    expect(sixth.status).toBe(429);
    // Another address is not held back by it.
    await api(app)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.8')
      .send({ email: uniqueEmail('elsewhere'), password: 'x' })
      .expect(401);
  });

  it('refuses a fifth guess at one account from a fifth address, even with the right password', async () => {
    const email = uniqueEmail('target');
    await register(app, email);
    for (let i = 0; i < 4; i++) {
      await api(app)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `203.0.113.${10 + i}`)
        .send({ email, password: `Guess-${i}-2026` })
        .expect(401);
    }
    const fifth = await api(app)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '203.0.113.99')
      .send({ email: ` ${email.toUpperCase()} `, password: 'Resident-pass-2026' });
    expect(fifth.status).toBe(429);
    expect(fifth.body.accessToken).toBeUndefined();
  });
});

describe('gateway sign-in without Redis', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig('noredis', { REDIS_URL: 'redis://127.0.0.1:1' }));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses sign-in with 503 (fails closed) but lets other requests through', async () => {
    const email = uniqueEmail('noredis');
    // Registration is not a sign-in: its limit fails open, so the account exists.
    await register(app, email);
    const login = await api(app).post('/api/v1/auth/login').send({ email, password: 'Resident-pass-2026' });
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ statusCode: 503, code: 'SIGN_IN_UNAVAILABLE' });
    expect(login.body.accessToken).toBeUndefined();
    expect(Number(login.headers['retry-after'])).toBeGreaterThan(0);
  });
});
