import 'reflect-metadata';
import { startService, testServiceEnv, waitFor, type TestService } from '@goodloop/common/testing';
import { Client } from 'pg';
import { createVolunteersApp } from '../src/app';
import { loadVolunteersConfig, type VolunteersConfig } from '../src/config/env';

/**
 * A service whose database stops answering is no longer ready (503), so traffic goes elsewhere,
 * but stays live, so it is not restarted in a loop; when the database is back, it is ready again.
 */
describe('volunteers: liveness and readiness', () => {
  let service: TestService<VolunteersConfig>;
  let admin: Client;
  const database = new URL(testServiceEnv('volunteers', 'health').DATABASE_URL!).pathname.slice(1);

  beforeAll(async () => {
    service = await startService({
      service: 'volunteers',
      suite: 'health',
      load: loadVolunteersConfig,
      create: createVolunteersApp,
    });
    const url = new URL(testServiceEnv('volunteers', 'health').DATABASE_URL!);
    url.pathname = '/postgres';
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await service?.stop();
  });

  it('is live and ready while its database answers', async () => {
    await service.as().get('/internal/health/live').expect(200, { status: 'ok' });
    await service
      .as()
      .get('/internal/health/ready')
      .expect(200, { ready: true, checks: { postgres: true } });
  });

  it('is not ready, but still live, while its database refuses it, and ready again after', async () => {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    const notReady = await waitFor(
      () => service.as().get('/internal/health/ready'),
      (res) => res.status === 503,
      { what: 'readiness to fail' },
    );
    expect(notReady.body).toEqual({ ready: false, checks: { postgres: false } });
    await service.as().get('/internal/health/live').expect(200);

    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await waitFor(
      () => service.as().get('/internal/health/ready'),
      (res) => res.status === 200,
      { what: 'readiness to come back' },
    );
  });
});
