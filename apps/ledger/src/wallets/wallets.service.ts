import { Injectable } from '@nestjs/common';
import { CursorKeys, decodeCursor, toPage } from '@goodloop/common';
import {
  DEFAULT_PAGE_SIZE,
  TRANSFER_CODE_LABELS,
  TransferCodes,
  type Asset,
  type MessageLanguage,
  type StatementCsvFormat,
  type TransferCode,
} from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { DataSource } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { availableBalance, postedBalance, userWalletKey } from '../domain';
import { ExpiryService } from '../expiry/expiry.service';
import type {
  WalletBalanceAtView,
  WalletEntriesFilter,
  WalletEntryPageView,
  WalletEntryView,
  WalletView,
} from '@goodloop/contracts';

interface EntryRow {
  id: string;
  transfer_id: string;
  amount: string;
  balance_after: string;
  code: TransferCode;
  description: string | null;
  caused_by: string;
  counterparty: string;
  created_at: Date;
}

/** Rows per query while exporting: the export streams a statement of any length in pages. */
const EXPORT_PAGE = 1000;

export type EntriesFilter = Pick<WalletEntriesFilter, 'code' | 'direction' | 'from' | 'to'>;

/** A resident's view of their account: balance, what expires, the statement, history. */
@Injectable()
export class WalletsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly expiry: ExpiryService,
  ) {}

  /** A resident who has no account yet simply has nothing: zeros, not 404. */
  async wallet(userId: string, asset: Asset): Promise<WalletView> {
    const account = await this.accounts.findByKey(userWalletKey(userId), asset);
    if (!account) {
      return { accountId: null, asset, balance: 0, pending: 0, available: 0, expiringSoon: [], nextExpiry: null };
    }
    const expiringSoon = asset === 'POINTS' ? await this.expiry.upcoming(userWalletKey(userId)) : [];
    return {
      accountId: account.id,
      asset,
      balance: postedBalance(account),
      pending: account.debitsPending,
      available: availableBalance(account),
      expiringSoon,
      nextExpiry: expiringSoon[0] ?? null,
    };
  }

  /**
   * The statement, newest first. Keyset pagination on the entry id (bigserial, so it follows
   * the order of posting): a page is "entries older than the cursor", which stays correct while
   * new entries arrive, unlike an offset.
   */
  async entries(
    userId: string,
    asset: Asset,
    filter: EntriesFilter = {},
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<WalletEntryPageView> {
    const before = decodeCursor(cursor, CursorKeys.serial) ?? null;
    const account = await this.accounts.findByKey(userWalletKey(userId), asset);
    if (!account) return { items: [], nextCursor: null };
    const rows = await this.page(account.id, filter, before, limit + 1);
    return toPage(rows, limit, (row) => [row.id], toEntry);
  }

  /**
   * The statement as CSV, newest line first like the screen, produced page by page: readable
   * (the person's language and time zone, no internal ids) or machine (the API's fields).
   */
  async *csv(
    userId: string,
    asset: Asset,
    filter: EntriesFilter = {},
    file: StatementFile = MACHINE_FILE,
  ): AsyncGenerator<string> {
    yield file.format === 'machine' ? MACHINE_HEADER : readableHeader(asset, file.language);
    const account = await this.accounts.findByKey(userWalletKey(userId), asset);
    if (!account) return;
    const line = file.format === 'machine' ? machineLine : readableLine(asset, file);
    let before: string | null = null;
    for (;;) {
      const rows = await this.page(account.id, filter, before, EXPORT_PAGE);
      for (const row of rows) yield line(toEntry(row));
      if (rows.length < EXPORT_PAGE) return;
      before = rows[rows.length - 1]!.id;
    }
  }

  /**
   * The posted balance at a past moment: the running balance of the last entry written before
   * it (0 before the first). Entries of one account are written in order under its lock, so
   * the last one by id is the balance then.
   */
  async balanceAt(userId: string, asset: Asset, at: string): Promise<WalletBalanceAtView> {
    const [row] = (await this.dataSource.query(
      `SELECT e.balance_after::text AS balance
         FROM entries e JOIN accounts a ON a.id = e.account_id
        WHERE a.key = $1 AND a.asset = $2 AND e.created_at <= $3
        ORDER BY e.id DESC LIMIT 1`,
      [userWalletKey(userId), asset, at],
    )) as { balance: string }[];
    return { asset, at: new Date(at).toISOString(), balance: row ? (bigintTransformer.from(row.balance) as number) : 0 };
  }

  private async page(accountId: string, filter: EntriesFilter, before: string | null, limit: number): Promise<EntryRow[]> {
    return (await this.dataSource.query(
      `SELECT e.id::text AS id, e.transfer_id, e.amount::text AS amount, e.balance_after::text AS balance_after,
              e.created_at, t.code, t."references"->>'description' AS description, t.caused_by,
              CASE WHEN t.debit_account_id = e.account_id THEN c.key ELSE d.key END AS counterparty
         FROM entries e
         JOIN transfers t ON t.id = e.transfer_id
         JOIN accounts d ON d.id = t.debit_account_id
         JOIN accounts c ON c.id = t.credit_account_id
        WHERE e.account_id = $1
          AND ($2::bigint IS NULL OR e.id < $2::bigint)
          AND ($3::text IS NULL OR t.code = $3)
          AND ($4::text IS NULL OR ($4 = 'in' AND e.amount > 0) OR ($4 = 'out' AND e.amount < 0))
          AND ($5::timestamptz IS NULL OR e.created_at >= $5)
          AND ($6::timestamptz IS NULL OR e.created_at < $6)
        ORDER BY e.id DESC
        LIMIT $7`,
      [accountId, before, filter.code ?? null, filter.direction ?? null, filter.from ?? null, filter.to ?? null, limit],
    )) as EntryRow[];
  }
}

function toEntry(row: EntryRow): WalletEntryView {
  return {
    id: row.id,
    transferId: row.transfer_id,
    amount: bigintTransformer.from(row.amount) as number,
    balanceAfter: bigintTransformer.from(row.balance_after) as number,
    code: row.code,
    description: row.description,
    causedBy: row.caused_by,
    counterparty: row.counterparty,
    createdAt: row.created_at.toISOString(),
  };
}

/** How a statement file is written: for programs, or for the person in their language and time. */
export interface StatementFile {
  format: StatementCsvFormat;
  language: MessageLanguage;
  timeZone: string;
}

const MACHINE_FILE: StatementFile = { format: 'machine', language: 'en', timeZone: 'UTC' };

const MACHINE_HEADER = 'entry_id,posted_at,transfer_id,code,amount,balance_after,counterparty,caused_by,description\n';

function machineLine(e: WalletEntryView): string {
  return (
    [e.id, e.createdAt, e.transferId, e.code, e.amount, e.balanceAfter, e.counterparty, e.causedBy, e.description ?? '']
      .map(csvField)
      .join(',') + '\n'
  );
}

const READABLE_HEADERS: Record<MessageLanguage, Record<Asset, string[]>> = {
  'zh-CN': {
    POINTS: ['时间', '类型', '说明', '积分变动', '积分余额'],
    CNY: ['时间', '类型', '说明', '金额（元）', '余额（元）'],
  },
  en: {
    POINTS: ['Time', 'Type', 'Description', 'Points', 'Balance'],
    CNY: ['Time', 'Type', 'Description', 'Amount (CNY)', 'Balance (CNY)'],
  },
};

function readableHeader(asset: Asset, language: MessageLanguage): string {
  return READABLE_HEADERS[language][asset].map(csvField).join(',') + '\n';
}

/**
 * One line as a person reads it: local time to the minute, the kind of transfer in words, what it
 * was for (the transfer's description, else its kind), and amounts as plain numbers a spreadsheet
 * can add up (whole points, or yuan with two decimals).
 */
function readableLine(asset: Asset, file: StatementFile): (e: WalletEntryView) => string {
  const time = new Intl.DateTimeFormat('sv-SE', {
    timeZone: file.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const amount = (value: number) => (asset === 'CNY' ? yuan(value) : String(value));
  return (e) => {
    const kind = (TransferCodes as readonly string[]).includes(e.code)
      ? TRANSFER_CODE_LABELS[e.code as TransferCode][file.language]
      : e.code;
    return (
      [time.format(new Date(e.createdAt)), kind, e.description ?? kind, amount(e.amount), amount(e.balanceAfter)]
        .map(csvField)
        .join(',') + '\n'
    );
  };
}

/** Fen as yuan with two decimals, no symbol or separators: -1234 → "-12.34". */
export function yuan(fen: number): string {
  const magnitude = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
export function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, -, @, tab or carriage return would make a spreadsheet run the cell as a
  // formula (OWASP's CSV injection list); negative numbers stay numbers.
  const safe = /^[=+@\t\r]/.test(text) || (/^-/.test(text) && Number.isNaN(Number(text))) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
