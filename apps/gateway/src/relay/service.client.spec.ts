import { Logger } from '@nestjs/common';
import { GatewayTokenVerifier, requestContext, type UserContext } from '@goodloop/common';
import { loadGatewayConfig } from '../config/env';
import { ServiceClient } from './service.client';
import { ServiceError } from './service.errors';

const config = loadGatewayConfig({
  NODE_ENV: 'test',
  JWT_SECRET: 'unit-test-jwt-secret-0123456789abcdef0123',
  // test/setup-env.js generated the gateway's key pair of this test process.
  GATEWAY_SIGNING_KEY: process.env.GATEWAY_SIGNING_KEY,
  VOLUNTEERS_URL: 'http://volunteers.internal:3101/',
  SERVICE_TIMEOUT_MS: '200',
});

const USER: UserContext = {
  id: '0190a4a0-0000-7000-8000-000000000001',
  email: 'wang@example.org',
  displayName: '居民小王',
  roles: ['resident'],
  residentVerified: false,
  memberships: [],
};

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
}

describe('ServiceClient', () => {
  const client = new ServiceClient(config);
  const realFetch = globalThis.fetch;
  let fetchMock: jest.Mock;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    fetchMock = jest.fn();
    globalThis.fetch = fetchMock as unknown as typeof fetch;
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends a call token signed for that service with the user, and the correlation id', async () => {
    fetchMock.mockResolvedValue(answer(201, { id: 'a1' }));
    const result = await requestContext.run({ correlationId: 'req-42' }, () =>
      client.call('volunteers', {
        method: 'POST',
        path: '/internal/activities',
        user: USER,
        body: { title: '读报' },
        query: { limit: 5, cursor: undefined },
        idempotencyKey: 'k-1',
      }),
    );
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit & { headers: Record<string, string> }];
    expect(url).toBe('http://volunteers.internal:3101/internal/activities?limit=5');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"title":"读报"}');
    expect(init.headers['x-goodloop-internal-token']).toBeUndefined();
    expect(init.headers['x-goodloop-user']).toBeUndefined();
    expect(init.headers['x-request-id']).toBe('req-42');
    expect(init.headers['idempotency-key']).toBe('k-1');
    const token = { 'x-goodloop-gateway-token': init.headers['x-goodloop-gateway-token'] };
    const { email: _email, ...sent } = USER;
    expect(new GatewayTokenVerifier(process.env.GATEWAY_VERIFY_KEY!, 'volunteers').check(token)).toEqual({ user: sent });
    // Meant for the volunteers service only: the ledger refuses it.
    expect(new GatewayTokenVerifier(process.env.GATEWAY_VERIFY_KEY!, 'ledger').check(token)).toBeUndefined();
    expect(result.status).toBe(201);
    expect(JSON.parse(result.body.toString('utf8'))).toEqual({ id: 'a1' });
    expect(result.headers['content-type']).toBe('application/json');
  });

  it('asks for JSON unless told otherwise, and passes a CSV answer through byte for byte', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, { ok: true }));
    await client.call('ledger', { method: 'GET', path: '/internal/trial-balance', user: USER });
    const csv = '\uFEFFcreatedAt,code,amount\n2026-12-01T04:00:00.000Z,earn,20\n';
    fetchMock.mockResolvedValueOnce(
      new Response(csv, {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="points.csv"' },
      }),
    );
    const result = await client.call('ledger', {
      method: 'GET',
      path: `/internal/wallets/${USER.id}/entries.csv`,
      user: USER,
      query: { direction: 'in' },
      accept: 'text/csv',
    });
    const sent = fetchMock.mock.calls.map(([, init]) => (init as { headers: Record<string, string> }).headers['accept']);
    expect(sent).toEqual(['application/json', 'text/csv']);
    expect(result.status).toBe(200);
    expect(result.headers).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="points.csv"',
    });
    expect(result.body.equals(Buffer.from(csv, 'utf8'))).toBe(true);
  });

  it('relays 4xx answers unchanged', async () => {
    const body = { statusCode: 409, error: 'Conflict', message: 'Activity is full', code: 'ACTIVITY_FULL' };
    fetchMock.mockResolvedValue(answer(409, body));
    const result = await client.call('volunteers', { method: 'POST', path: '/internal/activities/x/signups', user: USER });
    expect(result.status).toBe(409);
    expect(JSON.parse(result.body.toString('utf8'))).toEqual(body);
  });

  it.each([
    ['a 500', () => Promise.resolve(answer(500, { statusCode: 500 })), 'answered 500'],
    [
      'a 401 (the gateway’s own credentials refused)',
      () => Promise.resolve(answer(401, { statusCode: 401 })),
      'refused the gateway',
    ],
    [
      'a refused connection',
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      'unreachable',
    ],
    [
      'no answer in time',
      () => Promise.reject(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })),
      'no answer within 0.2 s',
    ],
  ])('turns %s into 503 SERVICE_UNAVAILABLE naming the service', async (_, outcome, why) => {
    fetchMock.mockImplementation(outcome);
    const error = (await client
      .call('ledger', { method: 'GET', path: '/internal/trial-balance', user: USER })
      .catch((e: unknown) => e)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe(`The ledger service is unavailable (${why}); try again shortly`);
  });

  it('reduces a health report to ok, degraded or down', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, { status: 'ok', checks: {} }));
    await expect(client.health('volunteers')).resolves.toEqual({ status: 'ok' });
    fetchMock.mockResolvedValueOnce(answer(200, { status: 'degraded', checks: {} }));
    await expect(client.health('volunteers')).resolves.toEqual({ status: 'degraded' });
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    await expect(client.health('volunteers')).resolves.toEqual({ status: 'down' });
  });
});
