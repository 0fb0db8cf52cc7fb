/**
 * A resident's statement: filters by code, direction and time, keyset paging under filters,
 * who caused each line and with whom; the CSV export (RFC 4180 quoting, formula safety, the
 * same lines in the same order, complete for thousands of lines); and the balance at a past
 * moment.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { UserContext } from '@goodloop/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { admin, asUser, balanceOf, dataSourceOf, ledgerTestConfig, resident, startLedger } from './support/ledger-test-kit';

const config = ledgerTestConfig('statements');
const ISSUANCE = 'issuance:community-points';

jest.setTimeout(120_000);

interface StatementItem {
  id: string;
  transferId: string;
  amount: number;
  balanceAfter: number;
  code: string;
  description: string | null;
  causedBy: string;
  counterparty: string;
  createdAt: string;
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The kinds as a person reads them, written out here so that the test does not read the code's own table. */
const TRANSFER_LABELS_ZH: Record<string, string> = {
  earn: '志愿服务',
  redeem: '兑换',
  donate: '捐赠',
  grant: '资助',
  expire: '过期',
  reversal: '冲正',
  adjust: '调整',
};

const CSV_HEADER = 'entry_id,posted_at,transfer_id,code,amount,balance_after,counterparty,caused_by,description';

describe('ledger: statements', () => {
  let app: INestApplication;
  let ds: DataSource;
  const operator = admin();

  const http = () => request(app.getHttpServer());
  const transfer = (body: object) => http().post('/internal/transfers').set(asUser(operator)).send(body);
  const statement = (user: UserContext, query: Record<string, string | number>) =>
    http().get(`/internal/wallets/${user.id}/entries`).query(query).set(asUser(user));

  /** Every page of the statement under `query`, following nextCursor. */
  async function allPages(user: UserContext, query: Record<string, string | number>) {
    const pages: StatementItem[][] = [];
    let cursor: string | null = null;
    do {
      const page = await statement(user, { ...query, ...(cursor ? { cursor } : {}) }).expect(200);
      pages.push(page.body.items as StatementItem[]);
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    return pages;
  }

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('a wallet with earns, spends, a reversal and a donation', () => {
    const user = resident();
    const wallet = `user:${user.id}`;
    const fund = `fund:${uuidv7()}`;
    const ids = {
      earn1: `earn:${uuidv7()}`,
      spend1: `redeem:${uuidv7()}`,
      earn2: `earn:${uuidv7()}`,
      spend2: `redeem:${uuidv7()}`,
      reversal: `reversal:${uuidv7()}`,
      earn3: `earn:${uuidv7()}`,
      donation: `donate:${uuidv7()}`,
    };
    /** The entries of the wallet, oldest first, with their exact times (microseconds) from the database. */
    let rows: { id: string; transferId: string; at: string; balance: number }[];

    beforeAll(async () => {
      const earn = (transferId: string, amount: number, description: string) =>
        transfer({
          transferId,
          debitAccount: ISSUANCE,
          creditAccount: wallet,
          asset: 'POINTS',
          amount,
          code: 'earn',
          references: { description },
        }).expect(201);
      const out = (transferId: string, creditAccount: string, amount: number, code: string, description: string) =>
        transfer({
          transferId,
          debitAccount: wallet,
          creditAccount,
          asset: 'POINTS',
          amount,
          code,
          references: { description },
        }).expect(201);
      await earn(ids.earn1, 50, 'Tea, "green" leaves'); // 50
      await out(ids.spend1, 'sink:redemption', 20, 'redeem', '=SUM(A1:A9)'); // 30
      await earn(ids.earn2, 30, 'Park clean-up'); // 60
      await out(ids.spend2, 'sink:redemption:cafe', 25, 'redeem', 'Coffee'); // 35
      await http()
        .post(`/internal/transfers/${ids.spend1}/reverse`)
        .set(asUser(operator))
        .send({ transferId: ids.reversal, description: 'Refund' })
        .expect(201); // 55
      await earn(ids.earn3, 5, 'Library shelving'); // 60
      await out(ids.donation, fund, 10, 'donate', 'For the elderly'); // 50

      rows = (
        (await ds.query(
          `SELECT e.id::text AS id, e.transfer_id, e.balance_after::int AS balance,
                  to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
             FROM entries e JOIN accounts a ON a.id = e.account_id
            WHERE a.key = $1 ORDER BY e.id`,
          [wallet],
        )) as { id: string; transfer_id: string; balance: number; at: string }[]
      ).map((r) => ({ id: r.id, transferId: r.transfer_id, at: r.at, balance: r.balance }));
      expect(rows.map((r) => r.transferId)).toEqual(Object.values(ids));
      expect(rows.map((r) => r.balance)).toEqual([50, 30, 60, 35, 55, 60, 50]);
      // Each transfer was its own transaction: the times strictly increase, so they can bound a range.
      expect(new Set(rows.map((r) => r.at)).size).toBe(rows.length);
    });

    const transferIdsOf = (items: StatementItem[]) => items.map((i) => i.transferId);

    it('lists every line with its cause, its counterparty and its running balance, newest first', async () => {
      const all = await statement(user, { limit: 100 }).expect(200);
      expect(all.body.nextCursor).toBeNull();
      const items = all.body.items as StatementItem[];
      expect(items.map((i) => i.id)).toEqual(rows.map((r) => r.id).reverse());
      const byTransfer = Object.fromEntries(items.map((i) => [i.transferId, i]));
      const causedBy = `user:${operator.id}`;
      expect(byTransfer[ids.earn1]).toEqual({
        id: rows[0]!.id,
        transferId: ids.earn1,
        amount: 50,
        balanceAfter: 50,
        code: 'earn',
        description: 'Tea, "green" leaves',
        causedBy,
        counterparty: ISSUANCE,
        createdAt: expect.any(String),
      });
      expect(byTransfer[ids.spend1]).toMatchObject({
        amount: -20,
        balanceAfter: 30,
        code: 'redeem',
        counterparty: 'sink:redemption',
      });
      expect(byTransfer[ids.spend2]).toMatchObject({
        amount: -25,
        code: 'redeem',
        counterparty: 'sink:redemption:cafe',
        causedBy,
      });
      // A reversal of a spend comes back from where the spend went.
      expect(byTransfer[ids.reversal]).toMatchObject({
        amount: 20,
        balanceAfter: 55,
        code: 'reversal',
        description: 'Refund',
        counterparty: 'sink:redemption',
        causedBy,
      });
      expect(byTransfer[ids.donation]).toMatchObject({ amount: -10, balanceAfter: 50, code: 'donate', counterparty: fund });
    });

    it('filters by code, direction and a time range, alone and together', async () => {
      const only = async (query: Record<string, string>) =>
        transferIdsOf((await statement(user, { limit: 100, ...query }).expect(200)).body.items as StatementItem[]);
      expect(await only({ code: 'earn' })).toEqual([ids.earn3, ids.earn2, ids.earn1]);
      expect(await only({ code: 'reversal' })).toEqual([ids.reversal]);
      expect(await only({ code: 'grant' })).toEqual([]);
      expect(await only({ direction: 'in' })).toEqual([ids.earn3, ids.reversal, ids.earn2, ids.earn1]);
      expect(await only({ direction: 'out' })).toEqual([ids.donation, ids.spend2, ids.spend1]);

      // `from` includes its moment, `to` excludes its own: the third line's time up to the sixth's.
      const from = rows[2]!.at;
      const to = rows[5]!.at;
      expect(await only({ from, to })).toEqual([ids.reversal, ids.spend2, ids.earn2]);
      expect(await only({ from })).toEqual([ids.donation, ids.earn3, ids.reversal, ids.spend2, ids.earn2]);
      expect(await only({ to })).toEqual([ids.reversal, ids.spend2, ids.earn2, ids.spend1, ids.earn1]);
      expect(await only({ from, to, direction: 'in' })).toEqual([ids.reversal, ids.earn2]);
      expect(await only({ from, to, code: 'redeem' })).toEqual([ids.spend2]);
      expect(await only({ from: to, to })).toEqual([]);
    });

    it('pages through a filtered statement one line at a time, each matching line exactly once', async () => {
      const pages = await allPages(user, { direction: 'in', limit: 1 });
      expect(pages.map((p) => p.length)).toEqual([1, 1, 1, 1]);
      expect(transferIdsOf(pages.flat())).toEqual([ids.earn3, ids.reversal, ids.earn2, ids.earn1]);

      const twos = await allPages(user, { from: rows[1]!.at, limit: 2 });
      expect(twos.map((p) => p.length)).toEqual([2, 2, 2]);
      expect(transferIdsOf(twos.flat())).toEqual(
        [ids.spend1, ids.earn2, ids.spend2, ids.reversal, ids.earn3, ids.donation].reverse(),
      );
    });

    it('refuses filters it does not understand, naming them', async () => {
      const bad = async (query: Record<string, string>) => (await statement(user, query).expect(400)).body;
      const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);
      expect(fields(await bad({ code: 'nope' }))).toEqual(['code']);
      expect(fields(await bad({ direction: 'sideways' }))).toEqual(['direction']);
      expect(fields(await bad({ from: 'yesterday' }))).toEqual(['from']);
      expect(fields(await bad({ to: '2026-13-01T00:00:00Z' }))).toEqual(['to']);
      expect(await bad({ from: rows[3]!.at, to: rows[1]!.at })).toMatchObject({ statusCode: 400, code: 'INVALID_RANGE' });
      expect(await bad({ cursor: 'not-a-cursor' })).toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
      // The CSV export checks the same filters.
      await http().get(`/internal/wallets/${user.id}/entries.csv`).query({ direction: 'sideways' }).set(asUser(user)).expect(400);
      const range = await http()
        .get(`/internal/wallets/${user.id}/entries.csv`)
        .query({ from: rows[3]!.at, to: rows[1]!.at })
        .set(asUser(user))
        .expect(400);
      expect(range.body).toMatchObject({ code: 'INVALID_RANGE' });
    });

    it('exports the same lines as CSV, quoted per RFC 4180 and safe from spreadsheet formulas', async () => {
      const csv = await http()
        .get(`/internal/wallets/${user.id}/entries.csv`)
        .query({ format: 'machine' })
        .set(asUser(user))
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toContain('attachment');
      const lines = csv.text.split('\n');
      expect(lines[0]).toBe(CSV_HEADER);
      expect(lines[lines.length - 1]).toBe(''); // the last line ends with a line break
      expect(lines).toHaveLength(1 + rows.length + 1);

      const json = (await statement(user, { limit: 100 }).expect(200)).body.items as StatementItem[];
      const parsed = parseCsv(csv.text);
      expect(parsed[0]).toEqual(CSV_HEADER.split(','));
      expect(parsed.slice(1)).toEqual(
        json.map((e) => [
          e.id,
          e.createdAt,
          e.transferId,
          e.code,
          String(e.amount),
          String(e.balanceAfter),
          e.counterparty,
          e.causedBy,
          e.description === '=SUM(A1:A9)' ? `'=SUM(A1:A9)` : (e.description ?? ''),
        ]),
      );

      const line = (transferId: string) => lines.find((l) => l.includes(`,${transferId},`))!;
      expect(line(ids.earn1).endsWith(`,user:${operator.id},"Tea, ""green"" leaves"`)).toBe(true);
      expect(line(ids.spend1)).toBe(
        [rows[1]!.id, json.find((e) => e.transferId === ids.spend1)!.createdAt, ids.spend1, 'redeem', '-20', '30'].join(',') +
          `,sink:redemption,user:${operator.id},'=SUM(A1:A9)`,
      );
    });

    it('writes a readable file for the person: their language, local time, words, no internal ids', async () => {
      const json = (await statement(user, { limit: 100 }).expect(200)).body.items as StatementItem[];
      const zh = await http().get(`/internal/wallets/${user.id}/entries.csv`).set(asUser(user)).expect(200);
      expect(zh.headers['content-language']).toBe('zh-CN');
      const parsed = parseCsv(zh.text);
      expect(parsed[0]).toEqual(['时间', '类型', '说明', '积分变动', '积分余额']);
      expect(parsed).toHaveLength(1 + json.length);
      const shanghai = (iso: string) => {
        const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
        return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
      };
      const kinds: Record<string, string> = TRANSFER_LABELS_ZH;
      expect(parsed.slice(1)).toEqual(
        json.map((e) => [
          shanghai(e.createdAt),
          kinds[e.code],
          e.description === '=SUM(A1:A9)' ? `'=SUM(A1:A9)` : (e.description ?? kinds[e.code]),
          String(e.amount),
          String(e.balanceAfter),
        ]),
      );
      // Nothing internal: no transfer ids, no account keys, no causes.
      for (const e of json) expect(zh.text).not.toContain(e.transferId);
      expect(zh.text).not.toContain('user:');

      const en = await http()
        .get(`/internal/wallets/${user.id}/entries.csv`)
        .query({ timeZone: 'Europe/London' })
        .set('accept-language', 'en-GB,en;q=0.9')
        .set(asUser(user))
        .expect(200);
      const english = parseCsv(en.text);
      expect(english[0]).toEqual(['Time', 'Type', 'Description', 'Points', 'Balance']);
      expect(english[1]![0]).toBe(`${json[0]!.createdAt.slice(0, 10)} ${json[0]!.createdAt.slice(11, 16)}`);
      await http()
        .get(`/internal/wallets/${user.id}/entries.csv`)
        .query({ timeZone: 'Mars/Olympus' })
        .set(asUser(user))
        .expect(400);
      await http().get(`/internal/wallets/${user.id}/entries.csv`).query({ format: 'pdf' }).set(asUser(user)).expect(400);
    });

    it('applies the filters to the CSV too', async () => {
      const csv = await http()
        .get(`/internal/wallets/${user.id}/entries.csv`)
        .query({ code: 'earn', from: rows[1]!.at, format: 'machine' })
        .set(asUser(user))
        .expect(200);
      const parsed = parseCsv(csv.text);
      expect(parsed.slice(1).map((r) => r[2])).toEqual([ids.earn3, ids.earn2]);
    });

    it('answers the balance at any past moment from the running balances', async () => {
      const at = async (moment: string) =>
        (await http().get(`/internal/wallets/${user.id}/balance`).query({ at: moment }).set(asUser(user)).expect(200)).body as {
          asset: string;
          at: string;
          balance: number;
        };
      const before = new Date(Date.parse(rows[0]!.at) - 1000).toISOString();
      expect(await at(before)).toEqual({ asset: 'POINTS', at: before, balance: 0 });
      // At a line's own moment the line counts; a microsecond earlier it does not.
      expect((await at(rows[2]!.at)).balance).toBe(60);
      const [justBefore] = (await ds.query(
        `SELECT to_char(($1::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
        [rows[2]!.at],
      )) as { t: string }[];
      expect((await at(justBefore!.t)).balance).toBe(30);
      // Halfway between the fourth and fifth lines: the fourth's running balance.
      const [halfway] = (await ds.query(
        `SELECT to_char(($1::timestamptz + ($2::timestamptz - $1::timestamptz) / 2) AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
        [rows[3]!.at, rows[4]!.at],
      )) as { t: string }[];
      expect((await at(halfway!.t)).balance).toBe(35);
      expect((await at(new Date().toISOString())).balance).toBe(50);
      expect(await balanceOf(ds, wallet)).toBe(50);

      const missing = await http().get(`/internal/wallets/${user.id}/balance`).set(asUser(user)).expect(400);
      expect((missing.body.details as { field: string }[]).map((d) => d.field)).toEqual(['at']);
      await http().get(`/internal/wallets/${user.id}/balance`).query({ at: 'yesterday' }).set(asUser(user)).expect(400);
      // Someone else's history is not for another resident.
      await http().get(`/internal/wallets/${user.id}/balance`).query({ at: before }).set(asUser(resident())).expect(403);
    });
  });

  it('exports a statement of 2,500 lines completely, in the order of the paged statement', async () => {
    const user = resident();
    const batches = 25;
    const perBatch = 100;
    // Linked batches of 100 earns of 1 point: one request each; five requests in flight at a time.
    for (let round = 0; round < batches; round += 5) {
      await Promise.all(
        Array.from({ length: 5 }, () =>
          http()
            .post('/internal/transfers/linked')
            .set(asUser(operator))
            .send({
              transfers: Array.from({ length: perBatch }, () => ({
                transferId: `earn:${uuidv7()}`,
                debitAccount: ISSUANCE,
                creditAccount: `user:${user.id}`,
                asset: 'POINTS',
                amount: 1,
                code: 'earn',
                references: { description: 'Bulk, "line"' },
              })),
            })
            .expect(201),
        ),
      );
    }
    const total = batches * perBatch;
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(total);

    const csv = await http()
      .get(`/internal/wallets/${user.id}/entries.csv`)
      .query({ format: 'machine' })
      .set(asUser(operator))
      .expect(200);
    const lines = csv.text.split('\n');
    expect(lines).toHaveLength(1 + total + 1);
    const parsed = parseCsv(csv.text).slice(1);
    expect(parsed).toHaveLength(total);
    // Running balances from 2,500 down to 1, every line once.
    expect(parsed.map((r) => Number(r[5]))).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(parsed.every((r) => r.length === 9 && r[8] === 'Bulk, "line"')).toBe(true);

    const pages = await allPages(user, { limit: 100 });
    expect(pages).toHaveLength(total / 100);
    expect(parsed.map((r) => r[0])).toEqual(pages.flat().map((i) => i.id));
  });
});
