import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test/fetch-stub';
import { ApiError, apiRequest } from './client';
import { tokenStore } from './token-store';

const OLD = { accessToken: 'access-1', refreshToken: 'refresh-1' };
const NEW = { accessToken: 'access-2', refreshToken: 'refresh-2' };

function authResult(pair: typeof NEW) {
  return { user: { id: 'u1' }, ...pair, expiresIn: 900 };
}

describe('apiRequest', () => {
  it('sends the bearer token, a request id and JSON', async () => {
    tokenStore.set(OLD);
    const calls = stubFetch(() => json(200, { ok: true }));

    await expect(apiRequest('/activities', { query: { category: 'elderly', cursor: undefined } })).resolves.toEqual({
      ok: true,
    });

    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/api/v1/activities?category=elderly');
    expect(calls[0]?.headers['authorization']).toBe('Bearer access-1');
    expect(calls[0]?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('on 401 refreshes once, stores the rotated pair and retries once', async () => {
    tokenStore.set(OLD);
    const calls = stubFetch((call) => {
      if (call.url === '/api/v1/auth/refresh') return json(200, authResult(NEW));
      return call.headers['authorization'] === 'Bearer access-2'
        ? json(200, { balance: 40 })
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expired' });
    });

    await expect(apiRequest('/me/wallet')).resolves.toEqual({ balance: 40 });

    expect(calls.map((c) => c.url)).toEqual(['/api/v1/me/wallet', '/api/v1/auth/refresh', '/api/v1/me/wallet']);
    expect(calls[1]?.body).toEqual({ refreshToken: 'refresh-1' });
    expect(calls[1]?.headers['authorization']).toBeUndefined();
    expect(calls[2]?.headers['authorization']).toBe('Bearer access-2');
    // The retry is the same request: same correlation id.
    expect(calls[2]?.headers['x-request-id']).toBe(calls[0]?.headers['x-request-id']);
    expect(tokenStore.get()).toEqual(NEW);
  });

  it('shares one refresh between concurrent requests, since a spent refresh token revokes the family', async () => {
    tokenStore.set(OLD);
    let releaseRefresh: () => void = () => {};
    const refreshGate = new Promise<void>((resolve) => {
      releaseRefresh = resolve;
    });
    const calls = stubFetch(async (call) => {
      if (call.url === '/api/v1/auth/refresh') {
        await refreshGate;
        return json(200, authResult(NEW));
      }
      return call.headers['authorization'] === 'Bearer access-2'
        ? json(200, { url: call.url })
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expired' });
    });

    const requests = Promise.all([apiRequest('/me'), apiRequest('/me/wallet'), apiRequest('/me/signups')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseRefresh();

    await expect(requests).resolves.toEqual([{ url: '/api/v1/me' }, { url: '/api/v1/me/wallet' }, { url: '/api/v1/me/signups' }]);
    expect(calls.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('signs out and throws when the refresh is refused, without retrying', async () => {
    tokenStore.set(OLD);
    const reasons: unknown[] = [];
    const unsubscribe = tokenStore.subscribe((reason) => reasons.push(reason));
    const calls = stubFetch((call) =>
      call.url === '/api/v1/auth/refresh'
        ? json(401, { statusCode: 401, error: 'Unauthorized', message: 'Refresh token revoked' })
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expired' }),
    );

    const error = await apiRequest('/me').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).statusCode).toBe(401);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/me', '/api/v1/auth/refresh']);
    expect(tokenStore.get()).toBeNull();
    expect(reasons).toEqual(['expired']);
    unsubscribe();
  });

  it('signs out when the retry is still 401, and does not refresh a second time', async () => {
    tokenStore.set(OLD);
    const calls = stubFetch((call) =>
      call.url === '/api/v1/auth/refresh'
        ? json(200, authResult(NEW))
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Account disabled' }),
    );

    await expect(apiRequest('/me')).rejects.toMatchObject({ statusCode: 401, message: 'Account disabled' });

    expect(calls.map((c) => c.url)).toEqual(['/api/v1/me', '/api/v1/auth/refresh', '/api/v1/me']);
    expect(tokenStore.get()).toBeNull();
  });

  it('keeps the session when the refresh fails for a network error', async () => {
    tokenStore.set(OLD);
    stubFetch((call) => {
      if (call.url === '/api/v1/auth/refresh') throw new TypeError('Failed to fetch');
      return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expired' });
    });

    await expect(apiRequest('/me')).rejects.toMatchObject({ statusCode: 0, code: 'NETWORK_ERROR' });
    expect(tokenStore.get()).toEqual(OLD);
  });

  it('does not refresh for unauthenticated calls such as a wrong password at login', async () => {
    const calls = stubFetch(() => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password' }));

    await expect(
      apiRequest('/auth/login', { method: 'POST', body: { email: 'a@b.c', password: 'x' }, auth: false }),
    ).rejects.toMatchObject({ statusCode: 401, message: 'Wrong email or password' });
    expect(calls).toHaveLength(1);
  });

  it('turns the error shape into a typed ApiError with field errors and code', async () => {
    tokenStore.set(OLD);
    stubFetch((call) =>
      call.url.endsWith('/signups')
        ? json(409, { statusCode: 409, error: 'Conflict', message: 'Activity is full', code: 'ACTIVITY_FULL' })
        : json(400, {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Validation failed',
            details: [
              { field: 'capacity', errors: ['capacity must not be less than 1'] },
              { field: 'place.name', errors: ['place.name should not be empty'] },
            ],
          }),
    );

    const validation = (await apiRequest('/activities', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(validation).toBeInstanceOf(ApiError);
    expect(validation.statusCode).toBe(400);
    expect(validation.message).toBe('Validation failed');
    expect(validation.fieldErrors('capacity')).toEqual(['capacity must not be less than 1']);
    expect(validation.fieldErrors('place.name')).toEqual(['place.name should not be empty']);

    await expect(apiRequest('/activities/a1/signups', { method: 'POST' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'ACTIVITY_FULL',
    });
  });

  it('sends the Idempotency-Key and reads Retry-After', async () => {
    tokenStore.set(OLD);
    const calls = stubFetch(() =>
      json(429, { statusCode: 429, error: 'Too Many Requests', message: 'Slow down' }, { 'retry-after': '30' }),
    );

    await expect(
      apiRequest('/attendance/x/verify', { method: 'POST', body: {}, idempotencyKey: 'verify-x-1' }),
    ).rejects.toMatchObject({ statusCode: 429, retryAfterSeconds: 30 });
    expect(calls[0]?.headers['idempotency-key']).toBe('verify-x-1');
  });
});
