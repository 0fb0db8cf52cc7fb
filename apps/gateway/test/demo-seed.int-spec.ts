import { api, gatewayTestConfig, startGateway } from './support/gateway-test-kit';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@goodloop/contracts';
import { DataSource } from 'typeorm';
import { DEMO_EMAILS, DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from '../src/demo/demo-data';

describe('gateway demo seed', () => {
  const config = () => gatewayTestConfig('demo', { DEMO_SEED: 'true' });

  it('loads the demo data once, however often the gateway starts', async () => {
    // Two gateways at the same moment on one empty database…
    const [first, second] = await Promise.all([startGateway(config()), startGateway(config())]);
    await Promise.all([first.close(), second.close()]);
    // …then a third one later.
    let app: INestApplication | undefined;
    try {
      app = await startGateway(config());
      const db = app.get(DataSource);
      const users = (await db.query(`SELECT email FROM users WHERE email = ANY($1) ORDER BY email`, [DEMO_EMAILS])) as {
        email: string;
      }[];
      expect(users).toHaveLength(7);
      const registered = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1`, [
        Topics.UserRegisteredV1,
      ])) as { n: number }[];
      expect(registered[0]?.n).toBe(7);
      const orgs = (await db.query(`SELECT name, kind FROM orgs ORDER BY name`)) as { name: string; kind: string }[];
      expect(orgs).toHaveLength(3);

      const login = await api(app)
        .post('/api/v1/auth/login')
        .send({ email: DEMO_USERS.admin.email, password: DEMO_PASSWORD })
        .expect(200);
      expect(login.body.user).toMatchObject({ displayName: '平台管理员', residentVerified: true });
      expect(login.body.user.roles).toEqual(expect.arrayContaining(['resident', 'admin']));

      const reviewer = await api(app)
        .post('/api/v1/auth/login')
        .send({ email: DEMO_USERS.reviewer.email, password: DEMO_PASSWORD })
        .expect(200);
      const me = await api(app)
        .get('/api/v1/me')
        .set('authorization', `Bearer ${reviewer.body.accessToken as string}`)
        .expect(200);
      expect(me.body.memberships).toEqual([
        { orgId: expect.any(String), orgName: DEMO_ORGS.foundation.name, orgKind: 'foundation', role: 'reviewer' },
      ]);
      const organizer = await api(app)
        .post('/api/v1/auth/login')
        .send({ email: DEMO_USERS.organizer.email, password: DEMO_PASSWORD })
        .expect(200);
      expect(organizer.body.user.roles).toEqual(['resident', 'organizer']);
    } finally {
      await app?.close();
    }
  });

  it('offers the demo accounts only when the demo data is loaded', async () => {
    const seeded = await startGateway(config());
    try {
      const info = await api(seeded).get('/api/v1/public/demo').expect(200);
      expect(info.body).toMatchObject({ demo: true, password: DEMO_PASSWORD });
      expect((info.body.accounts as { email: string }[]).map((a) => a.email).sort()).toEqual([...DEMO_EMAILS].sort());
    } finally {
      await seeded.close();
    }
    // Another platform, without DEMO_SEED: nothing to offer.
    const plain = await startGateway(gatewayTestConfig('nodemo', { DEMO_SEED: 'false' }));
    try {
      await api(plain).get('/api/v1/public/demo').expect(200, { demo: false });
    } finally {
      await plain.close();
    }
  });
});
