/**
 * `POST /internal/transfers` has two doors: the fast route in front of Express (plain transfers
 * and holds from admitted callers) and the Nest controller (everything else). One ledger, one
 * database: every case goes through the app's server (fast route first) and straight to its
 * Express handler (the controller alone), and the two answers must be the same — status, body
 * and the fields that failed — apart from the ids that make each request its own. The header
 * Express adds tells which door answered, so the test also proves which requests the fast route
 * keeps and which it hands on.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  admin,
  asUser,
  balanceOf,
  countRows,
  dataSourceOf,
  ledgerTestConfig,
  resident,
  startLedger,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('fastroute');
const ISSUANCE = 'issuance:community-points';

jest.setTimeout(60_000);

type Door = 'fast' | 'nest';

describe('ledger: the fast route of POST /internal/transfers', () => {
  let app: INestApplication;
  let ds: DataSource;
  let nestOnly: Server;
  const operator = admin();
  let wallet: string;

  const server = (door: Door) => (door === 'fast' ? app.getHttpServer() : nestOnly);
  const send = (door: Door, body: object | string, headers: Record<string, string> = asUser(operator)) => {
    const req = request(server(door)).post('/internal/transfers').set(headers);
    return typeof body === 'string' ? req.set('content-type', 'application/json').send(body) : req.send(body);
  };
  /** A body whose ids are this door's own, so both doors create what they are asked to. */
  const transfer = (door: Door, over: object = {}) => ({
    transferId: `adjust:${door}:${uuidv7()}`,
    debitAccount: wallet,
    creditAccount: 'sink:redemption',
    asset: 'POINTS',
    amount: 3,
    code: 'redeem',
    references: { description: '电影票', sourceEvent: `event-${door}` },
    ...over,
  });
  /** The answer with what differs by request (ids, times) taken out. */
  const comparable = (body: unknown, door: Door): unknown =>
    JSON.parse(
      JSON.stringify(body)
        .replaceAll(`adjust:${door}:`, 'adjust:DOOR:')
        .replaceAll(`event-${door}`, 'event-DOOR')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'TIME'),
    );

  /** Sends the case through both doors; expects the same answer and says who answered. */
  async function both(
    make: (door: Door) => { body: object | string; headers?: Record<string, string> },
    status: number,
  ): Promise<{ fastBody: Record<string, unknown>; answeredBy: Door }> {
    const answers = {} as Record<Door, request.Response>;
    for (const door of ['nest', 'fast'] as const) {
      const { body, headers } = make(door);
      answers[door] = await send(door, body, headers);
    }
    expect(answers.nest.status).toBe(status);
    expect(answers.fast.status).toBe(status);
    expect(comparable(answers.fast.body, 'fast')).toEqual(comparable(answers.nest.body, 'nest'));
    expect(answers.nest.headers['x-powered-by']).toBe('Express');
    return {
      fastBody: answers.fast.body as Record<string, unknown>,
      answeredBy: answers.fast.headers['x-powered-by'] === 'Express' ? 'nest' : 'fast',
    };
  }

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    // The controller alone: the app's Express handler on a server of its own.
    nestOnly = createServer(app.getHttpAdapter().getInstance() as Parameters<typeof createServer>[1]);
    await new Promise<void>((resolve) => nestOnly.listen(0, '127.0.0.1', resolve));
    expect((nestOnly.address() as AddressInfo).port).toBeGreaterThan(0);
    wallet = `user:${resident().id}`;
    await send('nest', {
      transferId: `adjust:${uuidv7()}`,
      debitAccount: ISSUANCE,
      creditAccount: wallet,
      asset: 'POINTS',
      amount: 100,
      code: 'adjust',
    }).expect(201);
  });

  afterAll(async () => {
    await new Promise((resolve) => nestOnly?.close(resolve));
    await app?.close();
  });

  it('posts a plain transfer itself, with the answer and rows of the controller', async () => {
    const { fastBody, answeredBy } = await both((door) => ({ body: transfer(door) }), 201);
    expect(answeredBy).toBe('fast');
    expect(fastBody).toMatchObject({ status: 'posted', replayed: false, amount: 3 });
    expect(await balanceOf(ds, wallet)).toBe(100 - 3 - 3);
    // The asking user lands in the references, as through the controller.
    const [row] = (await ds.query(`SELECT "references" AS refs, caused_by FROM transfers WHERE id = $1`, [
      fastBody.transferId,
    ])) as { refs: Record<string, string>; caused_by: string }[];
    expect(row).toEqual({
      refs: { description: '电影票', sourceEvent: 'event-fast', requestedBy: operator.id },
      caused_by: `user:${operator.id}`,
    });
    expect(await countRows(ds, 'SELECT 1 FROM entries WHERE transfer_id = $1', [fastBody.transferId])).toBe(2);
  });

  it('answers a repeat with the first result and the same id with other content with a conflict', async () => {
    const first = { fast: transfer('fast'), nest: transfer('nest') };
    await send('fast', first.fast).expect(201);
    await send('nest', first.nest).expect(201);
    const repeat = await both((door) => ({ body: first[door] }), 200);
    expect(repeat).toMatchObject({ answeredBy: 'fast', fastBody: { replayed: true } });
    const conflict = await both((door) => ({ body: { ...first[door], amount: 4 } }), 409);
    expect(conflict).toMatchObject({ answeredBy: 'fast', fastBody: { code: 'TRANSFER_ID_CONFLICT' } });
  });

  it('refuses a transfer beyond the balance as the controller does, and writes nothing', async () => {
    const before = await countRows(ds, 'SELECT 1 FROM transfers');
    const refused = await both((door) => ({ body: transfer(door, { amount: 1_000_000 }) }), 409);
    expect(refused).toMatchObject({ answeredBy: 'fast', fastBody: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await countRows(ds, 'SELECT 1 FROM transfers')).toBe(before);
  });

  it('holds with pending itself', async () => {
    const held = await both((door) => ({ body: transfer(door, { amount: 1, pending: { timeoutSeconds: 600 } }) }), 201);
    expect(held).toMatchObject({ answeredBy: 'fast', fastBody: { status: 'pending', op: 'pending' } });
  });

  it('hands linked batches to the controller', async () => {
    const linked = await both(
      (door) => ({
        body: transfer(door, { amount: 1, linked: [transfer(door, { amount: 1, creditAccount: 'sink:redemption:fees' })] }),
      }),
      201,
    );
    expect(linked.answeredBy).toBe('nest');
    expect(linked.fastBody.transfers).toHaveLength(2);
  });

  it.each([
    ['a negative amount', { amount: -1 }],
    ['an unknown field', { colour: 'red' }],
    ['an unknown asset', { asset: 'USD' }],
    ['a malformed account', { debitAccount: 'wallet of bob' }],
    ['an unknown reference', { references: { note: 'x' } }],
    ['a timeout beyond 90 days', { pending: { timeoutSeconds: 90 * 24 * 3600 + 1 } }],
  ])('hands a body with %s to the controller, which names the fields', async (_, over) => {
    const before = await countRows(ds, 'SELECT 1 FROM transfers');
    const invalid = await both((door) => ({ body: transfer(door, over) }), 400);
    expect(invalid.answeredBy).toBe('nest');
    expect(invalid.fastBody).toMatchObject({ message: 'Validation failed', details: expect.any(Array) });
    expect(await countRows(ds, 'SELECT 1 FROM transfers')).toBe(before);
  });

  it('answers a body that is not JSON with 400, as Express does', async () => {
    const broken = await both(() => ({ body: '{"transferId": "adjust:1", ' }), 400);
    expect(broken.fastBody).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('leaves callers it does not admit to the controller: no token, no user, not an admin', async () => {
    const noToken = await both((door) => ({ body: transfer(door), headers: {} }), 401);
    expect(noToken.answeredBy).toBe('nest');
    const noUser = await both((door) => ({ body: transfer(door), headers: asUser() }), 401);
    expect(noUser.answeredBy).toBe('nest');
    const notAdmin = await both((door) => ({ body: transfer(door), headers: asUser(resident()) }), 403);
    expect(notAdmin.answeredBy).toBe('nest');
  });

  it('keeps each caller’s request id and applies a burst of repeats once', async () => {
    const body = transfer('fast', { amount: 1 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send('fast', body, { ...asUser(operator), 'x-request-id': `burst-${i}` }).then((r) => ({ r, i })),
      ),
    );
    for (const { r, i } of answers) expect(r.headers['x-request-id']).toBe(`burst-${i}`);
    expect(answers.filter(({ r }) => r.status === 201)).toHaveLength(1);
    expect(answers.filter(({ r }) => r.status === 200)).toHaveLength(19);
    expect(await countRows(ds, 'SELECT 1 FROM transfers WHERE id = $1', [body.transferId])).toBe(1);
  });

  it('survives a caller that goes away in the middle of a body, and goes on answering', async () => {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const headers = Object.entries({ ...asUser(operator), 'content-type': 'application/json', 'content-length': '400' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /internal/transfers HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}\r\n{"transferId": "adj`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on('error', reject);
    });
    const before = await countRows(ds, 'SELECT 1 FROM transfers');
    await send('fast', transfer('fast', { amount: 1 })).expect(201);
    expect(await countRows(ds, 'SELECT 1 FROM transfers')).toBe(before + 1);
  });
});
