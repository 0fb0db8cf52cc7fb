import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Asset } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import type { EntityManager, Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { accountProfile, type AccountBalances } from '../domain';
import { Account } from './entities/account.entity';

/** An account row as the posting code reads it under its lock. */
export interface LockedAccount extends AccountBalances {
  id: string;
}

interface AccountRow {
  id: string;
  key: string;
  asset: Asset;
  allow_negative: boolean;
  frozen: boolean;
  debits_posted: string;
  credits_posted: string;
  debits_pending: string;
  credits_pending: string;
}

/**
 * Accounts come into being on first reference: the first valid transfer that names a key in an
 * asset creates that account, with its kind and flags derived from the key.
 */
@Injectable()
export class AccountsService {
  constructor(@InjectRepository(Account) private readonly accounts: Repository<Account>) {}

  /**
   * Creates the accounts that do not exist yet, in the caller's transaction. Safe to race: a
   * concurrent creator wins and this one does nothing. Keys are inserted in sorted order, so two
   * transactions creating the same pair wait for each other in one direction only.
   */
  async ensure(manager: EntityManager, keys: readonly string[], asset: Asset): Promise<void> {
    const sorted = [...new Set(keys)].sort();
    const values: unknown[] = [];
    const rows = sorted.map((key, i) => {
      const { kind, allowNegative } = accountProfile(key);
      values.push(uuidv7(), key, asset, kind, allowNegative);
      const at = i * 5;
      return `($${at + 1}::uuid, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5})`;
    });
    await manager.query(
      `INSERT INTO accounts (id, key, asset, kind, allow_negative) VALUES ${rows.join(', ')}
       ON CONFLICT (key, asset) DO NOTHING`,
      values,
    );
  }

  /**
   * Locks the named accounts in id order and returns them. Every transfer locks its two
   * accounts in the same global order, so two transfers between A and B (in either direction)
   * queue on one lock instead of deadlocking.
   *
   * The mode is `FOR NO KEY UPDATE` — the lock an UPDATE of the balance columns takes anyway —
   * not `FOR UPDATE`: the transfer row inserted just before already holds `FOR KEY SHARE` on
   * both accounts (its foreign keys), and so does every concurrent transfer's. `FOR UPDATE`
   * conflicts with those shares, so two spends from one wallet would each wait for the other's
   * share: a deadlock. `FOR NO KEY UPDATE` does not conflict with key shares and still
   * serialises every balance change on the account.
   */
  async lockForPosting(manager: EntityManager, keys: readonly string[], asset: Asset): Promise<Map<string, LockedAccount>> {
    const rows = (await manager.query(
      `SELECT id, key, asset, allow_negative, frozen, debits_posted, credits_posted, debits_pending, credits_pending
         FROM accounts WHERE key = ANY($1::text[]) AND asset = $2
        ORDER BY id FOR NO KEY UPDATE`,
      [keys, asset],
    )) as AccountRow[];
    return new Map(
      rows.map((row) => [
        row.key,
        {
          id: row.id,
          key: row.key,
          asset: row.asset,
          allowNegative: row.allow_negative,
          frozen: row.frozen,
          debitsPosted: amount(row.debits_posted),
          creditsPosted: amount(row.credits_posted),
          debitsPending: amount(row.debits_pending),
          creditsPending: amount(row.credits_pending),
        },
      ]),
    );
  }

  findByKey(key: string, asset: Asset): Promise<Account | null> {
    return this.accounts.findOne({ where: { key, asset } });
  }
}

function amount(value: string): number {
  return bigintTransformer.from(value) as number;
}
