import { Injectable, Logger } from '@nestjs/common';
import { Topics, type Asset, type TransferCode } from '@goodloop/contracts';
import { OutboxService } from '@goodloop/common';
import { bigintTransformer } from '@goodloop/money';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import {
  assertPostable,
  classifyRepeat,
  LedgerRule,
  LedgerRuleError,
  transferContentHash,
  validateTransfer,
  type TransferContent,
} from '../domain';
import type { TransferStatus } from './entities/transfer.entity';
import { isRetryableTransactionError, withTransactionRetries } from './transaction-retry';
import { LedgerBusyError, TransferError } from './transfers.errors';

/** The answer to a transfer request, the same for its first run and for every replay. */
export interface TransferResult {
  transferId: string;
  status: TransferStatus;
  /** True when the id was already posted with the same content and nothing new happened. */
  replayed: boolean;
  postedAt: string;
  debitAccount: string;
  creditAccount: string;
  asset: Asset;
  amount: number;
  code: TransferCode;
}

export interface TransferOptions {
  /**
   * The caller's open transaction (a consumer's inbox transaction). The transfer then runs in a
   * savepoint inside it: a refusal undoes only the transfer, and the caller may still record
   * the message and a rejection in the same commit.
   */
  manager?: EntityManager;
}

interface StoredTransferRow {
  id: string;
  status: TransferStatus;
  asset: Asset;
  amount: string;
  code: TransferCode;
  content_hash: string;
  created_at: Date;
  debit_key: string;
  credit_key: string;
}

/** PostgreSQL reports the non-negative CHECK on accounts under this name (see the migration). */
const NON_NEGATIVE_CHECK = 'accounts_non_negative_check';

/**
 * The one way value moves in the ledger. The HTTP route, the transfer-request consumer and the
 * earn consumer all come here, so every transfer gets the same idempotency, locking and rules.
 */
@Injectable()
export class TransfersService {
  private readonly logger = new Logger(TransfersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Posts `content` once. Asking again with the same id and content returns the first result
   * with `replayed: true`; the same id with other content is refused (TRANSFER_ID_CONFLICT). A
   * refused transfer changes nothing: it is never partly applied and does not take its id.
   */
  async transfer(content: TransferContent, options: TransferOptions = {}): Promise<TransferResult> {
    try {
      validateTransfer(content);
      return await withTransactionRetries(
        () =>
          options.manager
            ? options.manager.transaction((manager) => this.post(manager, content))
            : this.dataSource.transaction((manager) => this.post(manager, content)),
        this.logger,
      );
    } catch (error) {
      throw this.asTransferError(error, content);
    }
  }

  private async post(manager: EntityManager, content: TransferContent): Promise<TransferResult> {
    const contentHash = transferContentHash(content);
    await this.accounts.ensure(manager, [content.debitAccount, content.creditAccount], content.asset);

    // The id is the primary key: a concurrent request with the same id waits here until this
    // transaction ends, then sees the committed row (a replay or a conflict) or inserts its own.
    const inserted = (await manager.query(
      `INSERT INTO transfers (id, debit_account_id, credit_account_id, asset, amount, code, status, "references", content_hash)
       SELECT $1, d.id, c.id, $4, $5::bigint, $6, 'posted', $7::jsonb, $8
         FROM accounts d, accounts c
        WHERE d.key = $2 AND d.asset = $4 AND c.key = $3 AND c.asset = $4
       ON CONFLICT (id) DO NOTHING
       RETURNING created_at`,
      [
        content.transferId,
        content.debitAccount,
        content.creditAccount,
        content.asset,
        String(content.amount),
        content.code,
        JSON.stringify(content.references ?? {}),
        contentHash,
      ],
    )) as { created_at: Date }[];
    const postedAt = inserted[0]?.created_at;
    if (!postedAt) return this.replay(manager, content.transferId, contentHash);

    const locked = await this.accounts.lockForPosting(manager, [content.debitAccount, content.creditAccount], content.asset);
    const debit = locked.get(content.debitAccount);
    const credit = locked.get(content.creditAccount);
    if (!debit || !credit) throw new Error(`accounts of transfer ${content.transferId} disappeared while posting`);
    assertPostable(debit, credit, content.asset, content.amount);

    const amount = String(content.amount);
    const [balances] = (await manager.query(
      `WITH d AS (
         UPDATE accounts SET debits_posted = debits_posted + $3::bigint WHERE id = $1
         RETURNING (credits_posted - debits_posted)::text AS balance),
       c AS (
         UPDATE accounts SET credits_posted = credits_posted + $3::bigint WHERE id = $2
         RETURNING (credits_posted - debits_posted)::text AS balance)
       SELECT d.balance AS debit_balance, c.balance AS credit_balance FROM d, c`,
      [debit.id, credit.id, amount],
    )) as { debit_balance: string; credit_balance: string }[];
    if (!balances) throw new Error(`accounts of transfer ${content.transferId} were not updated`);

    // Debit side first, so the entry ids read in the order money left and arrived.
    await manager.query(
      `INSERT INTO entries (transfer_id, account_id, asset, amount, balance_after)
       VALUES ($1, $2, $3, -($4::bigint), $5::bigint), ($1, $6, $3, $4::bigint, $7::bigint)`,
      [content.transferId, debit.id, content.asset, amount, balances.debit_balance, credit.id, balances.credit_balance],
    );

    const result: TransferResult = {
      transferId: content.transferId,
      status: 'posted',
      replayed: false,
      postedAt: postedAt.toISOString(),
      debitAccount: content.debitAccount,
      creditAccount: content.creditAccount,
      asset: content.asset,
      amount: content.amount,
      code: content.code,
    };
    await this.outbox.add(manager, {
      topic: Topics.TransferPostedV1,
      key: content.debitAccount,
      payload: {
        transferId: result.transferId,
        debitAccount: result.debitAccount,
        creditAccount: result.creditAccount,
        asset: result.asset,
        amount: result.amount,
        code: result.code,
        postedAt: result.postedAt,
        ...(content.references ? { references: content.references } : {}),
      },
    });
    return result;
  }

  /** The id is taken: the first answer again, or a conflict when the content differs. */
  private async replay(manager: EntityManager, transferId: string, contentHash: string): Promise<TransferResult> {
    const [row] = (await manager.query(
      `SELECT t.id, t.status, t.asset, t.amount::text AS amount, t.code, t.content_hash, t.created_at,
              d.key AS debit_key, c.key AS credit_key
         FROM transfers t
         JOIN accounts d ON d.id = t.debit_account_id
         JOIN accounts c ON c.id = t.credit_account_id
        WHERE t.id = $1`,
      [transferId],
    )) as StoredTransferRow[];
    if (!row) throw new Error(`transfer ${transferId} was neither inserted nor found`);
    const amount = bigintTransformer.from(row.amount) as number;
    if (classifyRepeat(row.content_hash, contentHash) === 'conflict') {
      throw new LedgerRuleError(
        LedgerRule.TransferIdConflict,
        `transfer id ${transferId} is already used by another transfer (${amount} ${row.asset} ${row.debit_key} → ${row.credit_key}, ${row.code})`,
      );
    }
    return {
      transferId: row.id,
      status: row.status,
      replayed: true,
      postedAt: row.created_at.toISOString(),
      debitAccount: row.debit_key,
      creditAccount: row.credit_key,
      asset: row.asset,
      amount,
      code: row.code,
    };
  }

  private asTransferError(error: unknown, content: TransferContent): unknown {
    if (error instanceof LedgerRuleError) return TransferError.fromRule(error);
    if (isRetryableTransactionError(error)) return new LedgerBusyError(content.transferId);
    // The database's own copy of the non-negative rule: only reachable if the check above were
    // ever bypassed, and still a refusal rather than a 500.
    if (typeof error === 'object' && error !== null && (error as { constraint?: string }).constraint === NON_NEGATIVE_CHECK) {
      return new TransferError(LedgerRule.InsufficientFunds, `account ${content.debitAccount} cannot go below zero`);
    }
    return error;
  }
}
