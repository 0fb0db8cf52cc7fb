import { Injectable, Logger, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { accessPolicyOf, createValidationPipe, ErrorShapeFilter, type UserContext } from '@goodloop/common';
import request from 'supertest';
import { AuthError, AuthErrorCode } from '../auth/auth.errors';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { RolesGuard } from '../auth/roles.guard';
import { IdempotencyService, type StoredAnswer } from '../idempotency/idempotency.service';
import { fillContractSchemas } from '../openapi/openapi';
import { ledgerRoutes } from './ledger.routes';
import { relayController } from './relay.controller';
import type { RelayRoute, ServiceName } from './relay-route';
import { ServiceClient, type ServiceAnswer, type ServiceRequest } from './service.client';
import { volunteersRoutes } from './volunteers.routes';

const USER: UserContext = {
  id: '0190a4a0-0000-7000-8000-000000000001',
  email: 'wang@example.org',
  displayName: '居民小王',
  roles: ['resident'],
  residentVerified: false,
  memberships: [],
};
const ADMIN: UserContext = { ...USER, id: '0190a4a0-0000-7000-8000-000000000002', roles: ['resident', 'admin'] };
const ACTIVITY = '0190a4a0-0000-7000-8000-0000000000a1';

/** Stands in for the JWT guard: the caller is whoever `x-test-user` names. */
@Injectable()
class TestAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const who = req.headers['x-test-user'];
    if (typeof who === 'string') req.user = who === 'admin' ? ADMIN : USER;
    if (!req.user && accessPolicyOf(this.reflector, context)?.kind !== 'public')
      throw new AuthError(AuthErrorCode.Unauthenticated);
    return true;
  }
}

const JSON_OK: ServiceAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":true}') };

async function harness(routes: Partial<Record<ServiceName, readonly RelayRoute[]>>) {
  const calls: Array<[ServiceName, ServiceRequest]> = [];
  let answer = JSON_OK;
  const client = {
    call: (service: ServiceName, call: ServiceRequest) => {
      calls.push([service, call]);
      return Promise.resolve(answer);
    },
  };
  const runs: Array<{ scope: unknown; key: string | undefined; body: unknown }> = [];
  const idempotency = {
    run: (scope: unknown, key: string | undefined, body: unknown, produce: () => Promise<StoredAnswer>) => {
      runs.push({ scope, key, body });
      return produce();
    },
  };
  const module = await Test.createTestingModule({
    controllers: (Object.entries(routes) as [ServiceName, readonly RelayRoute[]][]).map(([service, table]) =>
      relayController(service, table),
    ),
    providers: [
      { provide: ServiceClient, useValue: client },
      { provide: IdempotencyService, useValue: idempotency },
      { provide: APP_GUARD, useClass: TestAuthGuard },
      { provide: APP_GUARD, useClass: RolesGuard },
    ],
  }).compile();
  const app: INestApplication = module.createNestApplication({ logger: false });
  app.setGlobalPrefix('api/v1');
  app.useGlobalFilters(new ErrorShapeFilter());
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  return {
    app,
    calls,
    runs,
    answer: (next: ServiceAnswer) => {
      answer = next;
    },
    http: () => request(app.getHttpServer()),
    document: (): OpenAPIObject => {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      fillContractSchemas(document);
      return document;
    },
  };
}

type Harness = Awaited<ReturnType<typeof harness>>;

beforeAll(() => Logger.overrideLogger(false));

describe('the relay', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ volunteers: volunteersRoutes, ledger: [] });
  });
  afterAll(() => h.app.close());
  beforeEach(() => {
    h.calls.length = 0;
    h.runs.length = 0;
    h.answer(JSON_OK);
  });

  it('mounts a route of the table and relays the checked body to its service', async () => {
    h.answer({ status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"id":"att-1"}') });
    const res = await h
      .http()
      .post(`/api/v1/activities/${ACTIVITY}/attendance`)
      .set('x-test-user', 'resident')
      .send({ action: 'check_in', code: '042917' })
      .expect(201);
    expect(res.body).toEqual({ id: 'att-1' });
    expect(h.calls).toEqual([
      [
        'volunteers',
        {
          method: 'POST',
          path: `/internal/activities/${ACTIVITY}/attendance`,
          user: USER,
          body: { action: 'check_in', code: '042917' },
        },
      ],
    ]);
  });

  it('refuses bad input in the public error shape before calling the service', async () => {
    const badId = await h.http().post('/api/v1/activities/abc/attendance').set('x-test-user', 'r').send({ action: 'check_in' });
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ statusCode: 400, message: 'Validation failed', details: [{ field: 'id' }] });

    const badBody = await h
      .http()
      .post(`/api/v1/activities/${ACTIVITY}/attendance`)
      .set('x-test-user', 'r')
      .send({ action: 'dance', code: '12', extra: 1 });
    expect(badBody.status).toBe(400);
    expect((badBody.body as { details: { field: string }[] }).details.map((d) => d.field).sort()).toEqual([
      'action',
      'code',
      'extra',
    ]);

    const badQuery = await h.http().get('/api/v1/activities').query({ limit: '0', category: 'sports' });
    expect(badQuery.status).toBe(400);
    expect(h.calls).toEqual([]);
  });

  it('passes a checked query on, and lets anyone read a public route', async () => {
    await h.http().get('/api/v1/activities').query({ limit: '5', q: '  读报 ' }).expect(200);
    expect(h.calls[0]![1]).toEqual({ method: 'GET', path: '/internal/activities', query: { limit: 5, q: '读报' } });
  });

  it('asks who the caller is on a signed-in route', async () => {
    const res = await h.http().get('/api/v1/me/signups');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('hands an idempotent write to the idempotency service with its scope, key and body', async () => {
    await h
      .http()
      .post(`/api/v1/attendance/${ACTIVITY}/verify`)
      .set('x-test-user', 'r')
      .set('idempotency-key', 'k-1')
      .send({ minutes: 90, reason: '提前离开' })
      .expect(200);
    expect(h.runs).toEqual([
      { scope: { userId: USER.id, route: 'POST /attendance/:id/verify' }, key: 'k-1', body: { minutes: 90, reason: '提前离开' } },
    ]);
    expect(h.calls[0]![1].idempotencyKey).toBe('k-1');

    const bad = await h
      .http()
      .post(`/api/v1/attendance/${ACTIVITY}/verify`)
      .set('x-test-user', 'r')
      .set('idempotency-key', 'a b');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ details: [{ field: 'Idempotency-Key' }] });
  });

  it('relays the second approval as an idempotent write and the rejection with its checked reason', async () => {
    await h
      .http()
      .post(`/api/v1/attendance/${ACTIVITY}/approve`)
      .set('x-test-user', 'r')
      .set('idempotency-key', 'k-approve')
      .send({})
      .expect(200);
    expect(h.runs).toEqual([
      { scope: { userId: USER.id, route: 'POST /attendance/:id/approve' }, key: 'k-approve', body: undefined },
    ]);
    expect(h.calls[0]![1]).toMatchObject({
      method: 'POST',
      path: `/internal/attendance/${ACTIVITY}/approve`,
      idempotencyKey: 'k-approve',
    });

    const blank = await h.http().post(`/api/v1/attendance/${ACTIVITY}/reject`).set('x-test-user', 'r').send({ reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ details: [{ field: 'reason' }] });
    expect(h.calls).toHaveLength(1);
    await h
      .http()
      .post(`/api/v1/attendance/${ACTIVITY}/reject`)
      .set('x-test-user', 'r')
      .send({ reason: ' 签到表上没有此人 ' })
      .expect(200);
    expect(h.calls[1]![1]).toMatchObject({
      method: 'POST',
      path: `/internal/attendance/${ACTIVITY}/reject`,
      body: { reason: '签到表上没有此人' },
    });

    const document = h.document();
    expect(document.paths['/api/v1/attendance/{id}/approve']!.post!.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AttendanceView' } } },
    });
    expect(document.components!.schemas!.RejectAttendanceRaiseDto).toMatchObject({ required: ['reason'] });
  });

  it('puts the route in the OpenAPI document with its real schemas', () => {
    const document = h.document();
    const operation = document.paths['/api/v1/activities/{id}/attendance']!.post!;
    expect(operation.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/RecordAttendanceDto' } } },
    });
    expect(operation.responses['201']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AttendanceView' } } },
    });
    expect(operation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } })]),
    );
    expect(Object.keys(operation.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '429', '503']);

    const schemas = document.components!.schemas!;
    expect(schemas.RecordAttendanceDto).toMatchObject({
      properties: { action: { type: 'string', enum: ['check_in', 'check_out'] }, code: { pattern: '^\\d{6}$' } },
      required: ['action'],
    });
    expect(schemas.AttendanceView).toMatchObject({
      properties: { checkOutAt: { type: 'string', format: 'date-time', nullable: true } },
    });

    const list = document.paths['/api/v1/activities']!.get!;
    expect(list.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'limit',
          in: 'query',
          required: false,
          schema: expect.objectContaining({ maximum: 100 }),
        }),
        expect.objectContaining({ name: 'category', in: 'query', schema: expect.objectContaining({ enum: expect.any(Array) }) }),
      ]),
    );
    expect(schemas.ActivityPageView).toMatchObject({
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ActivityView' } } },
    });
    expect(schemas.PlaceView).toBeDefined();
  });
});

describe('the ledger routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ volunteers: [], ledger: ledgerRoutes });
  });
  afterAll(() => h.app.close());
  beforeEach(() => {
    h.calls.length = 0;
    h.answer(JSON_OK);
  });

  const details = (body: unknown) => (body as { details: Array<{ field: string; errors: string[] }> }).details;

  it('passes the statement filters to the ledger as they came', async () => {
    const query = {
      limit: '10',
      cursor: 'c2',
      code: 'earn',
      direction: 'in',
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-31T23:59:59.999Z',
    };
    await h.http().get('/api/v1/me/wallet/entries').set('x-test-user', 'r').query(query).expect(200);
    expect(h.calls).toEqual([
      ['ledger', { method: 'GET', path: `/internal/wallets/${USER.id}/entries`, user: USER, query: { ...query, limit: 10 } }],
    ]);
  });

  it('relays the CSV export unchanged: status, content type, file name and bytes', async () => {
    const csv = Buffer.from('\uFEFFcreatedAt,code,amount\n2026-12-01T04:00:00.000Z,earn,20\n', 'utf8');
    h.answer({
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="points.csv"' },
      body: csv,
    });
    const res = await h
      .http()
      .get('/api/v1/me/wallet/entries.csv')
      .set('x-test-user', 'r')
      .query({ direction: 'out' })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const [, call] = h.calls[0]!;
    expect(call.path).toBe(`/internal/wallets/${USER.id}/entries.csv`);
    expect(call.query).toEqual({ direction: 'out' });
    expect(call.accept).toMatch(/^text\/csv/);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="points.csv"');
    expect((res.body as Buffer).equals(csv)).toBe(true);
  });

  it('asks for the balance at a moment', async () => {
    await h.http().get('/api/v1/me/wallet/balance').set('x-test-user', 'r').query({ at: '2026-11-30T16:00:00Z' }).expect(200);
    expect(h.calls[0]![1]).toMatchObject({
      method: 'GET',
      path: `/internal/wallets/${USER.id}/balance`,
      query: { at: '2026-11-30T16:00:00Z' },
    });
  });

  it('shows a wallet to its owner and to admins only', async () => {
    await h.http().get(`/api/v1/users/${USER.id}/wallet`).set('x-test-user', 'r').expect(200);
    await h.http().get(`/api/v1/users/${ADMIN.id}/wallet`).set('x-test-user', 'admin').expect(200);
    const other = await h.http().get(`/api/v1/users/${ADMIN.id}/wallet`).set('x-test-user', 'r');
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(h.calls.map(([, c]) => c.path)).toEqual([`/internal/wallets/${USER.id}`, `/internal/wallets/${ADMIN.id}`]);
  });

  it('reaches reconciliation and the chain check on the ledger, for the roles that may', async () => {
    await h.http().get('/api/v1/ledger/reconciliation').set('x-test-user', 'admin').expect(200);
    await h.http().post('/api/v1/ledger/reconciliation/run').set('x-test-user', 'admin').expect(200);
    await h.http().get('/api/v1/ledger/chain/verify').set('x-test-user', 'admin').expect(200);
    expect(h.calls.map(([, r]) => `${r.method} ${r.path}`)).toEqual([
      'GET /internal/reconciliation',
      'POST /internal/reconciliation/run',
      'GET /internal/chain/verify',
    ]);
    const resident = await h.http().get('/api/v1/ledger/reconciliation').set('x-test-user', 'r');
    expect(resident.status).toBe(403);
  });

  it('sends reverse, post and void for the named transfer, with the idempotency key', async () => {
    const admin = (path: string, body: object, key?: string) => {
      const req = h.http().post(path).set('x-test-user', 'admin');
      return (key ? req.set('idempotency-key', key) : req).send(body).expect(200);
    };
    await admin(
      '/api/v1/ledger/transfers/adjust:2026-001/reverse',
      { transferId: 'rev:1', amount: 5, description: '误发' },
      'k-1',
    );
    await admin('/api/v1/ledger/transfers/redeem:7/post', { transferId: 'post:7' });
    await admin('/api/v1/ledger/transfers/redeem:8/void', { transferId: 'void:8' }, 'k-3');
    expect(h.calls.map(([, r]) => [r.method, r.path, r.body, r.idempotencyKey])).toEqual([
      ['POST', '/internal/transfers/adjust%3A2026-001/reverse', { transferId: 'rev:1', amount: 5, description: '误发' }, 'k-1'],
      ['POST', '/internal/transfers/redeem%3A7/post', { transferId: 'post:7' }, undefined],
      ['POST', '/internal/transfers/redeem%3A8/void', { transferId: 'void:8' }, 'k-3'],
    ]);
  });

  it.each(['..', '.', '-x', 'a b', 'x'.repeat(129)])('refuses the transfer id %j', async (id) => {
    const res = await h
      .http()
      .post(`/api/v1/ledger/transfers/${encodeURIComponent(id)}/void`)
      .set('x-test-user', 'admin')
      .send({ transferId: 'void:1' });
    // `.` and `..` may already be resolved away by the URL (404) before the route sees them.
    expect(id.startsWith('.') ? [400, 404] : [400]).toContain(res.status);
    expect(h.calls).toEqual([]);
  });

  describe('statement filters', () => {
    it('accept dates and times in ISO 8601', async () => {
      await h
        .http()
        .get('/api/v1/me/wallet/entries.csv')
        .set('x-test-user', 'r')
        .query({ from: '2026-12-01', to: '2026-12-01' })
        .expect(200);
      await h
        .http()
        .get('/api/v1/me/wallet/entries')
        .set('x-test-user', 'r')
        .query({ code: 'expire', direction: 'out', limit: '5' })
        .expect(200);
      expect(h.calls[1]![1].query).toEqual({ code: 'expire', direction: 'out', limit: 5 });
    });

    it('refuse bad values with a 400 naming each field', async () => {
      const res = await h
        .http()
        .get('/api/v1/me/wallet/entries')
        .set('x-test-user', 'r')
        .query({ code: 'bonus', direction: 'sideways', from: 'yesterday', to: '2026-02-30', limit: '0' })
        .expect(400);
      expect(
        details(res.body)
          .map((d) => d.field)
          .sort(),
      ).toEqual(['code', 'direction', 'from', 'limit', 'to']);
      expect(details(res.body).find((d) => d.field === 'direction')?.errors[0]).toContain('in, out');
    });

    it('refuse a cursor on the CSV export, and a balance without a moment', async () => {
      const csv = await h.http().get('/api/v1/me/wallet/entries.csv').set('x-test-user', 'r').query({ cursor: 'c2' }).expect(400);
      expect(details(csv.body)).toEqual([{ field: 'cursor', errors: ['property cursor should not exist'] }]);
      const at = await h.http().get('/api/v1/me/wallet/balance').set('x-test-user', 'r').expect(400);
      expect(details(at.body).map((d) => d.field)).toEqual(['at']);
    });

    it('refuse transfer bodies with a bad id or amount', async () => {
      const res = await h
        .http()
        .post('/api/v1/ledger/transfers/adjust:1/reverse')
        .set('x-test-user', 'admin')
        .send({ transferId: 'no spaces', amount: 1.5 })
        .expect(400);
      expect(
        details(res.body)
          .map((d) => d.field)
          .sort(),
      ).toEqual(['amount', 'transferId']);
    });
  });

  it('documents the CSV export as text/csv', () => {
    const operation = h.document().paths['/api/v1/me/wallet/entries.csv']!.get!;
    expect(operation.responses['200']).toMatchObject({ content: { 'text/csv': { schema: { type: 'string' } } } });
  });
});
