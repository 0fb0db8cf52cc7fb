import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { api, gatewayTestConfig, startGateway } from './support/gateway-test-kit';

/** Bodies the gateway will not read are refused in the public shape, and change nothing. */
describe('gateway: request limits', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig('limits'));
  });

  afterAll(() => app?.close());

  it('answers a 2 MB registration with 413, not 500, and creates no account', async () => {
    const users = async () =>
      ((await app.get(DataSource).query('SELECT count(*)::int AS n FROM users')) as { n: number }[])[0]!.n;
    const before = await users();
    const res = await api(app)
      .post('/api/v1/auth/register')
      .send({ email: 'big@example.org', password: 'Resident-pass-2026', displayName: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.stringMatching(/too large/),
      code: 'INVALID_BODY',
    });
    expect(await users()).toBe(before);
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await api(app).post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
  });
});
