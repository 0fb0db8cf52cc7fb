import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { loadConfig, gatewayVerifyKeyFromEnv, ServiceConfig } from '@goodloop/common';

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
}

/** Reads and validates the environment; a bad value stops the ledger at start. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const config = loadConfig(LedgerConfig, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  return config;
}
