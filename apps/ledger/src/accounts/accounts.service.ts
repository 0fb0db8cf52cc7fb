import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Asset } from '@goodloop/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { accountProfile } from '../domain';
import { Account } from './entities/account.entity';

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

  findByKey(key: string, asset: Asset): Promise<Account | null> {
    return this.accounts.findOne({ where: { key, asset } });
  }
}
