import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { startService, testServiceEnv, type TestService } from '@goodloop/common/testing';
import request from 'supertest';
import { createGatewayApp } from '../../apps/gateway/src/app';
import { loadGatewayConfig } from '../../apps/gateway/src/config/env';
import { create__Name__App } from '../../apps/__name__/src/app';
import { load__Name__Config, type __Name__Config } from '../../apps/__name__/src/config/env';

/** The __name__ service behind the gateway, as `npm start` wires them: its route and its health. */
describe('__name__ through the gateway', () => {
  let service: TestService<__Name__Config>;
  let gateway: INestApplication;

  beforeAll(async () => {
    service = await startService({ service: '__db__', suite: '__name__-e2e', load: load__Name__Config, create: create__Name__App });
    gateway = await createGatewayApp(
      loadGatewayConfig({
        ...testServiceEnv('gateway', '__name__-e2e'),
        __NAME___URL: service.url,
      }),
    );
    await gateway.init();
  });

  afterAll(async () => {
    await gateway?.close();
    await service?.stop();
  });

  it('relays GET /api/v1/__name__/status to the service', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/v1/__name__/status');
    expect(res.status).toBe(200);
    expect(res.body.service).toBe('__name__');
  });

  it('reports the service in the platform health', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/v1/health');
    expect(res.body.services['__name__']).toBe('ok');
  });
});
