import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { startService, testServiceEnv, type TestService } from '@goodloop/common/testing';
import request from 'supertest';
import { createGatewayApp } from '../../apps/gateway/src/app';
import { loadGatewayConfig } from '../../apps/gateway/src/config/env';
import { createDonationsApp } from '../../apps/donations/src/app';
import { loadDonationsConfig, type DonationsConfig } from '../../apps/donations/src/config/env';

/** The donations service behind the gateway, as `npm start` wires them: its route and its health. */
describe('donations through the gateway', () => {
  let service: TestService<DonationsConfig>;
  let gateway: INestApplication;

  beforeAll(async () => {
    service = await startService({
      service: 'donations',
      suite: 'donations-e2e',
      load: loadDonationsConfig,
      create: createDonationsApp,
    });
    gateway = await createGatewayApp(
      loadGatewayConfig({
        ...testServiceEnv('gateway', 'donations-e2e'),
        DONATIONS_URL: service.url,
      }),
    );
    await gateway.init();
  });

  afterAll(async () => {
    await gateway?.close();
    await service?.stop();
  });

  it('relays GET /api/v1/donations/status to the service', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/v1/donations/status');
    expect(res.status).toBe(200);
    expect(res.body.service).toBe('donations');
  });

  it('reports the service in the platform health', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/v1/health');
    expect(res.body.services['donations']).toBe('ok');
  });
});
