import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConfigError, databaseUrlFor, loadConfig, gatewayVerifyKeyFromEnv, ServiceConfig } from '@goodloop/common';

/** The role the ledger connects as at run time when DATABASE_URL does not name one. */
export const DEFAULT_LEDGER_RUNTIME_ROLE = 'goodloop_ledger_app';

/** What the grants migration does when the runtime role does not exist yet. */
export const RUNTIME_ROLE_CREATE_MODES = ['login', 'nologin', 'never'] as const;
export type RuntimeRoleCreateMode = (typeof RUNTIME_ROLE_CREATE_MODES)[number];

/** The ledger's settings: the platform's shared ones plus its internal port. */
export class LedgerConfig extends ServiceConfig {
  // Environment values are strings; @Type converts "3102" before @IsInt checks it.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3102;

  /** How often expired points are written off (ms); hourly by default. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(7 * 24 * 3600 * 1000)
  EXPIRY_EVERY_MS: number = 3600 * 1000;

  /** How often every balance is recomputed from its history (ms); every 15 minutes by default. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(7 * 24 * 3600 * 1000)
  RECONCILE_EVERY_MS: number = 15 * 60 * 1000;

  /**
   * How often holds past their timeout are looked for (ms). Each hold has its own delayed job;
   * the sweep catches those a lost job (Redis restarted) would leave open.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(3600 * 1000)
  PENDING_SWEEP_EVERY_MS: number = 30 * 1000;

  /**
   * The database URL migrations run with: the role that owns the ledger's tables. Unset → the
   * runtime database (DATABASE_URL, or `<prefix>_ledger`) reached as PGUSER/PGPASSWORD.
   * DATABASE_URL is the role the service runs as, which may insert and read records but never
   * rewrite them (README.md, "Database roles"). Required in production, with another role.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'LEDGER_MIGRATION_DATABASE_URL must be postgres://user[:pw]@host[:port]/database',
  })
  LEDGER_MIGRATION_DATABASE_URL?: string;

  /**
   * When the runtime role does not exist, the grants migration creates it `login` (local
   * machines: trust authentication, no password), `nologin` (production default: ops then give
   * it a password and LOGIN) or refuses to go on (`never`: ops provision it first).
   */
  @IsIn(RUNTIME_ROLE_CREATE_MODES)
  LEDGER_DB_RUNTIME_ROLE_CREATE: RuntimeRoleCreateMode = 'login';
}

export interface LedgerDatabaseUrls {
  /** What the service connects as: inserts and reads records, updates working state only. */
  runtime: string;
  /** What migrations run as: the tables' owner. */
  owner: string;
  /** The runtime URL's user, whom the grants migration grants to. */
  runtimeRole: string;
  ownerRole: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The ledger's two database URLs. Runtime: DATABASE_URL, else `goodloop_ledger_app` (no
 * password: local trust authentication) on PGHOST/PGPORT and the service's database. Owner:
 * LEDGER_MIGRATION_DATABASE_URL, else the runtime URL's database reached as PGUSER/PGPASSWORD.
 */
export function ledgerDatabaseUrls(config: LedgerConfig): LedgerDatabaseUrls {
  const runtime =
    config.DATABASE_URL ??
    databaseUrlFor({ ...config, DATABASE_URL: undefined, PGUSER: DEFAULT_LEDGER_RUNTIME_ROLE, PGPASSWORD: undefined }, 'ledger');
  let owner = config.LEDGER_MIGRATION_DATABASE_URL;
  if (!owner) {
    const url = new URL(runtime);
    url.username = encodeURIComponent(config.PGUSER);
    url.password = config.PGPASSWORD ? encodeURIComponent(config.PGPASSWORD) : '';
    owner = url.toString();
  }
  return {
    runtime,
    owner,
    runtimeRole: decodeURIComponent(new URL(runtime).username),
    ownerRole: decodeURIComponent(new URL(owner).username),
  };
}

/** Reads and validates the environment; a bad value stops the ledger at start. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const config = loadConfig(LedgerConfig, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  // A missing role in production is created without LOGIN unless told otherwise: ops give it
  // its password, the service never holds a password it made up.
  if (env.NODE_ENV === 'production' && !env.LEDGER_DB_RUNTIME_ROLE_CREATE) config.LEDGER_DB_RUNTIME_ROLE_CREATE = 'nologin';
  const problems = databaseRoleProblems(config);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return config;
}

/** Why the two database roles cannot be used as configured (names only, never a URL). */
function databaseRoleProblems(config: LedgerConfig): string[] {
  const problems: string[] = [];
  const urls = ledgerDatabaseUrls(config);
  if (!ROLE_NAME.test(urls.runtimeRole)) {
    problems.push('DATABASE_URL: its user must be a plain lower-case role name (letters, digits, underscore)');
  }
  if (config.NODE_ENV === 'production') {
    if (!config.DATABASE_URL) problems.push('DATABASE_URL: required when NODE_ENV=production (the runtime role)');
    if (!config.LEDGER_MIGRATION_DATABASE_URL) {
      problems.push('LEDGER_MIGRATION_DATABASE_URL: required when NODE_ENV=production (the role owning the tables)');
    }
  }
  // The service must not run as the owner: the owner may UPDATE, DELETE and ALTER every record.
  if (config.NODE_ENV !== 'development' && urls.runtimeRole === urls.ownerRole) {
    problems.push(
      `DATABASE_URL: the runtime role must not be the owner that migrations run as (LEDGER_MIGRATION_DATABASE_URL, "${urls.ownerRole}")`,
    );
  }
  return problems;
}
