import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Account } from '../accounts/entities/account.entity';
import { ChainHead } from '../chain/entities/chain-head.entity';
import { ChainLink } from '../chain/entities/chain-link.entity';
import { EarnLogEntry } from '../earn/entities/earn-log.entity';
import { EarnRule } from '../earn/entities/earn-rule.entity';
import { ReconciliationRun } from '../reconciliation/entities/reconciliation-run.entity';
import { LedgerConfig } from '../config/env';
import { Entry } from '../transfers/entities/entry.entity';
import { Transfer } from '../transfers/entities/transfer.entity';
import { TransferRefusal } from '../transfers/entities/transfer-refusal.entity';
import { CreateLedger1796083200000 } from './migrations/1796083200000-CreateLedger';
import { TwoPhaseChainAndRules1796169600000 } from './migrations/1796169600000-TwoPhaseChainAndRules';
import { EngineEnvelopeFromCaller1796256000000 } from './migrations/1796256000000-EngineEnvelopeFromCaller';
import { EarnRuleMaxPointsPerHour1796342400000 } from './migrations/1796342400000-EarnRuleMaxPointsPerHour';
import { OutboxParking1796515200000 } from './migrations/1796515200000-OutboxParking';
import { TransferRefusals1796610000000 } from './migrations/1796610000000-TransferRefusals';

export const LEDGER_ENTITIES = [
  Account,
  Transfer,
  Entry,
  ChainLink,
  ChainHead,
  EarnRule,
  EarnLogEntry,
  ReconciliationRun,
  TransferRefusal,
];
export const LEDGER_MIGRATIONS = [
  CreateLedger1796083200000,
  TwoPhaseChainAndRules1796169600000,
  EngineEnvelopeFromCaller1796256000000,
  EarnRuleMaxPointsPerHour1796342400000,
  OutboxParking1796515200000,
  TransferRefusals1796610000000,
];

/** The ledger's database (`goodloop_ledger` unless DATABASE_URL says otherwise). */
export function ledgerDataSourceOptions(config: LedgerConfig): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, 'ledger');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: LEDGER_ENTITIES,
      migrations: LEDGER_MIGRATIONS,
      applicationName: 'goodloop-ledger',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

// For the TypeORM CLI (migration:generate / migration:run). Only the database settings are
// needed, so this reads the environment without loadLedgerConfig's internal-token lookup,
// which would otherwise create the local secrets file whenever this module is imported.
export default new DataSource(ledgerDataSourceOptions(loadConfig(LedgerConfig)));
