import { loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Account } from '../accounts/entities/account.entity';
import { ChainHead } from '../chain/entities/chain-head.entity';
import { ChainLink } from '../chain/entities/chain-link.entity';
import { EarnLogEntry } from '../earn/entities/earn-log.entity';
import { EarnRule } from '../earn/entities/earn-rule.entity';
import { ReconciliationRun } from '../reconciliation/entities/reconciliation-run.entity';
import { LedgerConfig, ledgerDatabaseUrls } from '../config/env';
import { Entry } from '../transfers/entities/entry.entity';
import { Transfer } from '../transfers/entities/transfer.entity';
import { TransferRefusal } from '../transfers/entities/transfer-refusal.entity';
import { CreateLedger1796083200000 } from './migrations/1796083200000-CreateLedger';
import { TwoPhaseChainAndRules1796169600000 } from './migrations/1796169600000-TwoPhaseChainAndRules';
import { EngineEnvelopeFromCaller1796256000000 } from './migrations/1796256000000-EngineEnvelopeFromCaller';
import { EarnRuleMaxPointsPerHour1796342400000 } from './migrations/1796342400000-EarnRuleMaxPointsPerHour';
import { OutboxParking1796515200000 } from './migrations/1796515200000-OutboxParking';
import { TransferRefusals1796610000000 } from './migrations/1796610000000-TransferRefusals';
import { RuntimeRoleGrants1796620000000 } from './migrations/1796620000000-RuntimeRoleGrants';
import { ChainFormatV2Entries1796620100000 } from './migrations/1796620100000-ChainFormatV2Entries';
import { EarnRuleRaiseApprovalMinutes1796630000000 } from './migrations/1796630000000-EarnRuleRaiseApprovalMinutes';
import { DefaultEarnRuleCaps1796630100000 } from './migrations/1796630100000-DefaultEarnRuleCaps';

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
  RuntimeRoleGrants1796620000000,
  ChainFormatV2Entries1796620100000,
  EarnRuleRaiseApprovalMinutes1796630000000,
  DefaultEarnRuleCaps1796630100000,
];

/**
 * The ledger's database as the service uses it: the runtime role (DATABASE_URL, by default
 * `goodloop_ledger_app`), which may insert and read records but not rewrite them.
 */
export function ledgerDataSourceOptions(config: LedgerConfig): DataSourceOptions & { url: string } {
  return options(config, ledgerDatabaseUrls(config).runtime);
}

/**
 * The same database as the owner of its tables, for migrations (and for tests that play a
 * DBA). The runtime role's name and what to do when it is missing travel to the grants
 * migration as settings of the session (`goodloop.ledger_runtime_role`,
 * `goodloop.ledger_runtime_role_create`), so migrations stay plain classes.
 */
export function ledgerMigrationDataSourceOptions(config: LedgerConfig): DataSourceOptions & { url: string } {
  const urls = ledgerDatabaseUrls(config);
  const base = options(config, urls.owner);
  return {
    ...base,
    extra: {
      ...(base.extra as Record<string, unknown>),
      options: `-c goodloop.ledger_runtime_role=${urls.runtimeRole} -c goodloop.ledger_runtime_role_create=${config.LEDGER_DB_RUNTIME_ROLE_CREATE}`,
    },
  } as DataSourceOptions & { url: string };
}

function options(config: LedgerConfig, url: string): DataSourceOptions & { url: string } {
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

// For the TypeORM CLI (migration:generate / migration:run), as the owner. Only the database settings are
// needed, so this reads the environment without loadLedgerConfig's internal-token lookup,
// which would otherwise create the local secrets file whenever this module is imported.
export default new DataSource(ledgerMigrationDataSourceOptions(loadConfig(LedgerConfig)));
