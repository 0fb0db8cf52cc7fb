import { api, gatewayTestConfig, register, startGateway, uniqueEmail } from './support/gateway-test-kit';
import type { INestApplication } from '@nestjs/common';

describe('gateway rate limits (Redis)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig('ratelimit', { RATE_LIMIT_WRITES_PER_MINUTE: '5' }));
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
