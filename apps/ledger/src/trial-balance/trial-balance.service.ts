import { Injectable, Logger } from '@nestjs/common';
import { Assets, type Asset } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { DataSource } from 'typeorm';

export interface AssetTrialBalance {
  asset: Asset;
  /** How many accounts hold the asset. */
  accounts: number;
  /** Total of the debit entries (money leaving accounts), as a positive number. */
  debits: number;
  /** Total of the credit entries (money arriving). */
  credits: number;
  /** Sum of every signed entry: credits − debits. Zero in a sound ledger. */
  sum: number;
  /** The entries sum to zero and the accounts' running totals agree with the entries. */
  balanced: boolean;
}

export interface TrialBalanceDto {
  assets: AssetTrialBalance[];
}

interface Row {
  asset: Asset;
  accounts: string;
  entry_debits: string;
  entry_credits: string;
  entry_sum: string;
  account_debits: string;
  account_credits: string;
}

/**
 * The books' self-check. Every transfer wrote −amount and +amount, so per asset the entries sum
 * to zero; and each account's posted totals are the sums of its entries, so the totals over all
 * accounts equal the entry totals. Both are computed in one statement (one snapshot), so a
 * transfer committing meanwhile cannot make sound books look unbalanced.
 */
@Injectable()
export class TrialBalanceService {
  private readonly logger = new Logger(TrialBalanceService.name);

  constructor(private readonly dataSource: DataSource) {}

  async compute(): Promise<TrialBalanceDto> {
    const rows = (await this.dataSource.query(
      `WITH e AS (
         SELECT asset,
                SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS debits,
                SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS credits,
                SUM(amount) AS total
           FROM entries GROUP BY asset),
       a AS (
         SELECT asset, COUNT(*) AS accounts, SUM(debits_posted) AS debits, SUM(credits_posted) AS credits
           FROM accounts GROUP BY asset)
       SELECT x.asset,
              COALESCE(a.accounts, 0)::text AS accounts,
              COALESCE(e.debits, 0)::text AS entry_debits,
              COALESCE(e.credits, 0)::text AS entry_credits,
              COALESCE(e.total, 0)::text AS entry_sum,
              COALESCE(a.debits, 0)::text AS account_debits,
              COALESCE(a.credits, 0)::text AS account_credits
         FROM unnest($1::text[]) AS x(asset)
         LEFT JOIN e ON e.asset = x.asset
         LEFT JOIN a ON a.asset = x.asset
        ORDER BY array_position($1::text[], x.asset)`,
      [Assets],
    )) as Row[];
    return {
      assets: rows.map((row) => {
        const debits = toNumber(row.entry_debits);
        const credits = toNumber(row.entry_credits);
        const sum = toNumber(row.entry_sum);
        const columnsAgree = row.account_debits === row.entry_debits && row.account_credits === row.entry_credits;
        const balanced = sum === 0 && columnsAgree;
        if (!balanced) {
          this.logger.error(
            `trial balance of ${row.asset} is off: entries sum ${row.entry_sum}, entry debits/credits ${row.entry_debits}/${row.entry_credits}, ` +
              `account totals ${row.account_debits}/${row.account_credits}`,
          );
        }
        return { asset: row.asset, accounts: toNumber(row.accounts), debits, credits, sum, balanced };
      }),
    };
  }
}

function toNumber(value: string): number {
  return bigintTransformer.from(value) as number;
}
