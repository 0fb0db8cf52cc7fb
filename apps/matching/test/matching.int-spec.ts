import 'reflect-metadata';
import { startService, type TestService } from '@goodloop/common/testing';
import request from 'supertest';
import { createMatchingApp } from '../src/app';
import { loadMatchingConfig, type MatchingConfig } from '../src/config/env';

/** The service on this run's own database and topics, through its internal HTTP API. */
describe('matching service', () => {
  let service: TestService<MatchingConfig>;

  beforeAll(async () => {
    service = await startService({
      service: 'matching',
      audience: 'matching',
      suite: 'matching',
      load: loadMatchingConfig,
      create: createMatchingApp,
    });
  });

  afterAll(() => service?.stop());

  it('reports itself healthy, with its database and Kafka', async () => {
    const res = await service.as().get('/internal/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('answers its status from its own database', async () => {
    const res = await service.as().get('/internal/status');
    expect(res.status).toBe(200);
    expect(res.body.service).toBe('matching');
    expect(Math.abs(Date.parse(res.body.databaseTime as string) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses callers without a gateway token', async () => {
    const res = await request(service.app.getHttpServer()).get('/internal/status');
    expect(res.status).toBe(401);
  });
});
