import { Injectable } from '@nestjs/common';
import type { Asset, TransferCode } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { DataSource } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { availableBalance, postedBalance, userWalletKey } from '../domain';
import type { WalletDto, WalletEntriesPageDto } from './dto/wallet.dto';
import { WalletError, WalletErrorCode } from './wallets.errors';

interface EntryRow {
  id: string;
  transfer_id: string;
  amount: string;
  balance_after: string;
  code: TransferCode;
  description: string | null;
  created_at: Date;
}

export const DEFAULT_PAGE_SIZE = 20;

/** A resident's view of their account: balance and statement. */
@Injectable()
export class WalletsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
  ) {}

  /** A resident who has no account yet simply has nothing: zeros, not 404. */
  async wallet(userId: string, asset: Asset): Promise<WalletDto> {
    const account = await this.accounts.findByKey(userWalletKey(userId), asset);
    if (!account) return { accountId: null, asset, balance: 0, pending: 0, available: 0 };
    return {
      accountId: account.id,
      asset,
      balance: postedBalance(account),
      pending: account.debitsPending,
      available: availableBalance(account),
    };
  }

  /**
   * The statement, newest first. Keyset pagination on the entry id (bigserial, so it follows
   * the order of posting): a page is "entries older than the cursor", which stays correct while
   * new entries arrive, unlike an offset.
   */
  async entries(userId: string, asset: Asset, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<WalletEntriesPageDto> {
    const before = cursor === undefined ? null : decodeCursor(cursor);
    const account = await this.accounts.findByKey(userWalletKey(userId), asset);
    if (!account) return { items: [], nextCursor: null };
    const rows = (await this.dataSource.query(
      `SELECT e.id::text AS id, e.transfer_id, e.amount::text AS amount, e.balance_after::text AS balance_after,
              e.created_at, t.code, t."references"->>'description' AS description
         FROM entries e
         JOIN transfers t ON t.id = e.transfer_id
        WHERE e.account_id = $1 AND ($2::bigint IS NULL OR e.id < $2::bigint)
        ORDER BY e.id DESC
        LIMIT $3`,
      [account.id, before, limit + 1],
    )) as EntryRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: row.id,
        transferId: row.transfer_id,
        amount: bigintTransformer.from(row.amount) as number,
        balanceAfter: bigintTransformer.from(row.balance_after) as number,
        code: row.code,
        description: row.description,
        createdAt: row.created_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }
}

/** Cursors are opaque to clients; inside, the id of the last entry shown. */
export function encodeCursor(entryId: string): string {
  return Buffer.from(`e:${entryId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const match = /^e:([1-9][0-9]{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new WalletError(WalletErrorCode.InvalidCursor, 'cursor is not one this service gave out');
  return match[1];
}
