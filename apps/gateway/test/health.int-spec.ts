import type { INestApplication } from '@nestjs/common';
import { api, gatewayTestConfig, startGateway } from './support/gateway-test-kit';

/**
 * With Redis gone (nothing listens on its port) and the services unreachable, the platform's
 * health says so, but the gateway stays live and ready: Kubernetes must not restart every
 * gateway pod for an outage elsewhere.
 */
describe('gateway: liveness and readiness', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig('health', { REDIS_URL: 'redis://127.0.0.1:1' }));
  });

  afterAll(() => app?.close());

  it('reports the degraded parts on GET /health with 503', async () => {
    const res = await api(app).get('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', services: { redis: 'down', postgres: 'ok' } });
  });

  it('stays live and ready', async () => {
    await api(app).get('/api/v1/health/live').expect(200, { status: 'ok' });
    const ready = await api(app).get('/api/v1/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, checks: { postgres: true } });
  });
});
