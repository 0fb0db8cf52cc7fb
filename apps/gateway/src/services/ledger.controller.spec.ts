// @goodloop/contracts declares decorated classes; reflect-metadata must be loaded before it.
import 'reflect-metadata';
import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe, type UserContext } from '@goodloop/common';
import type { Response } from 'express';
import {
  PostPendingTransferDto,
  ReverseTransferDto,
  VoidPendingTransferDto,
  WalletBalanceAtQuery,
  WalletEntriesFilter,
  WalletEntriesQuery,
} from './dto/ledger.dto';
import { LedgerController } from './ledger.controller';
import type { ServiceAnswer, ServiceRequest, ServicesClient } from './services.client';
import { TransferIdParam } from './transfer-id.pipe';

const USER: UserContext = {
  id: '0190a4a0-0000-7000-8000-000000000001',
  email: 'wang@example.org',
  displayName: '居民小王',
  roles: ['resident'],
  residentVerified: false,
  memberships: [],
};

const ADMIN: UserContext = { ...USER, id: '0190a4a0-0000-7000-8000-000000000002', roles: ['resident', 'admin'] };

/** A stand-in for the Express response: records what relay() writes. */
function fakeResponse() {
  const written = { status: 0, headers: {} as Record<string, string>, body: undefined as Buffer | undefined, ended: false };
  const res = {
    status(code: number) {
      written.status = code;
      return res;
    },
    setHeader(name: string, value: string) {
      written.headers[name] = value;
      return res;
    },
    send(body: Buffer) {
      written.body = body;
      return res;
    },
    end() {
      written.ended = true;
      return res;
    },
  };
  return { res: res as unknown as Response, written };
}

function setup(
  answer: ServiceAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') },
) {
  const requests: Array<[string, ServiceRequest]> = [];
  const services = {
    call: jest.fn((service: string, request: ServiceRequest) => {
      requests.push([service, request]);
      return Promise.resolve(answer);
    }),
  } as unknown as ServicesClient;
  return { controller: new LedgerController(services), requests };
}

const pipe = createValidationPipe();

async function validate<T>(metatype: new () => T, value: unknown, type: ArgumentMetadata['type'] = 'query'): Promise<T> {
  return (await pipe.transform(value, { type, metatype })) as T;
}

async function detailsOf(promise: Promise<unknown>): Promise<Array<{ field: string; errors: string[] }>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return ((error as BadRequestException).getResponse() as { details: Array<{ field: string; errors: string[] }> }).details;
}

describe('LedgerController', () => {
  it('passes the statement filters to the ledger as they came', async () => {
    const { controller, requests } = setup();
    const query = await validate(WalletEntriesQuery, {
      limit: '10',
      cursor: 'c2',
      code: 'earn',
      direction: 'in',
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-31T23:59:59.999Z',
    });
    await controller.myEntries(USER, query, fakeResponse().res);
    expect(requests).toEqual([
      [
        'ledger',
        {
          method: 'GET',
          path: `/internal/wallets/${USER.id}/entries`,
          user: USER,
          query: {
            limit: 10,
            cursor: 'c2',
            code: 'earn',
            direction: 'in',
            from: '2026-12-01T00:00:00.000Z',
            to: '2026-12-31T23:59:59.999Z',
          },
        },
      ],
    ]);
  });

  it('relays the CSV export unchanged: status, content type, file name and bytes', async () => {
    const csv = Buffer.from('\uFEFFcreatedAt,code,amount\n2026-12-01T04:00:00.000Z,earn,20\n', 'utf8');
    const { controller, requests } = setup({
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="points.csv"' },
      body: csv,
    });
    const { res, written } = fakeResponse();
    await controller.myEntriesCsv(USER, await validate(WalletEntriesFilter, { direction: 'out' }), res);

    const [, request] = requests[0]!;
    expect(request.path).toBe(`/internal/wallets/${USER.id}/entries.csv`);
    expect(request.query).toEqual({ direction: 'out' });
    expect(request.accept).toMatch(/^text\/csv/);
    expect(written.status).toBe(200);
    expect(written.headers).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="points.csv"',
    });
    expect(written.body?.equals(csv)).toBe(true);
  });

  it('asks for the balance at a moment', async () => {
    const { controller, requests } = setup();
    await controller.myBalanceAt(USER, await validate(WalletBalanceAtQuery, { at: '2026-11-30T16:00:00Z' }), fakeResponse().res);
    expect(requests[0]![1]).toMatchObject({
      method: 'GET',
      path: `/internal/wallets/${USER.id}/balance`,
      query: { at: '2026-11-30T16:00:00Z' },
    });
  });

  it('reaches reconciliation and the chain check on the ledger', async () => {
    const { controller, requests } = setup();
    await controller.reconciliation(ADMIN, fakeResponse().res);
    await controller.runReconciliation(ADMIN, fakeResponse().res);
    await controller.verifyChain(ADMIN, fakeResponse().res);
    expect(requests.map(([, r]) => `${r.method} ${r.path}`)).toEqual([
      'GET /internal/reconciliation',
      'POST /internal/reconciliation/run',
      'GET /internal/chain/verify',
    ]);
  });

  it('sends reverse, post and void for the named transfer, with the idempotency key', async () => {
    const { controller, requests } = setup();
    const reverse = await validate(ReverseTransferDto, { transferId: 'rev:1', amount: 5, description: '误发' }, 'body');
    await controller.reverse(ADMIN, 'adjust:2026-001', reverse, 'k-1', fakeResponse().res);
    await controller.postPending(
      ADMIN,
      'redeem:7',
      await validate(PostPendingTransferDto, { transferId: 'post:7' }, 'body'),
      undefined,
      fakeResponse().res,
    );
    await controller.voidPending(
      ADMIN,
      'redeem:8',
      await validate(VoidPendingTransferDto, { transferId: 'void:8' }, 'body'),
      'k-3',
      fakeResponse().res,
    );
    expect(requests.map(([, r]) => [r.method, r.path, r.body, r.idempotencyKey])).toEqual([
      ['POST', '/internal/transfers/adjust%3A2026-001/reverse', { transferId: 'rev:1', amount: 5, description: '误发' }, 'k-1'],
      ['POST', '/internal/transfers/redeem%3A7/post', { transferId: 'post:7' }, undefined],
      ['POST', '/internal/transfers/redeem%3A8/void', { transferId: 'void:8' }, 'k-3'],
    ]);
  });
});

describe('statement filters', () => {
  it('accept dates and times in ISO 8601', async () => {
    await expect(validate(WalletEntriesFilter, { from: '2026-12-01', to: '2026-12-01' })).resolves.toBeInstanceOf(
      WalletEntriesFilter,
    );
    await expect(validate(WalletEntriesQuery, { code: 'expire', direction: 'out', limit: '5' })).resolves.toMatchObject({
      code: 'expire',
      direction: 'out',
      limit: 5,
    });
  });

  it('refuse bad values with a 400 naming each field', async () => {
    const details = await detailsOf(
      validate(WalletEntriesQuery, { code: 'bonus', direction: 'sideways', from: 'yesterday', to: '2026-02-30', limit: '0' }),
    );
    expect(details.map((d) => d.field).sort()).toEqual(['code', 'direction', 'from', 'limit', 'to']);
    expect(details.find((d) => d.field === 'direction')?.errors[0]).toContain('in, out');
  });

  it('refuse a range that ends before it starts', async () => {
    const details = await detailsOf(validate(WalletEntriesFilter, { from: '2026-12-02', to: '2026-12-01T23:00:00Z' }));
    expect(details).toEqual([{ field: 'to', errors: ['to must not be before from'] }]);
  });

  it('refuse a cursor on the CSV export, and a balance without a moment', async () => {
    expect(await detailsOf(validate(WalletEntriesFilter, { cursor: 'c2' }))).toEqual([
      { field: 'cursor', errors: ['property cursor should not exist'] },
    ]);
    expect((await detailsOf(validate(WalletBalanceAtQuery, {}))).map((d) => d.field)).toEqual(['at']);
  });

  it('refuse transfer bodies with a bad id or amount', async () => {
    const details = await detailsOf(validate(ReverseTransferDto, { transferId: 'no spaces', amount: 1.5 }, 'body'));
    expect(details.map((d) => d.field).sort()).toEqual(['amount', 'transferId']);
  });
});

describe('TransferIdParam', () => {
  const param = new TransferIdParam();

  it('lets transfer ids through', () => {
    expect(param.transform('earn:0190a4a0-0000-7000-8000-000000000001')).toBe('earn:0190a4a0-0000-7000-8000-000000000001');
  });

  it.each(['..', '.', '-x', 'a b', 'a/b', 'x'.repeat(129)])('refuses %j', (value) => {
    expect(() => param.transform(value)).toThrow(BadRequestException);
  });
});
