import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { loadConfig, secretFromEnv, ServiceConfig } from '@goodloop/common';

/** The ledger's settings: the platform's shared ones plus its internal port. */
export class LedgerConfig extends ServiceConfig {
  // Environment values are strings; @Type converts "3102" before @IsInt checks it.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3102;
}

/** Reads and validates the environment; a bad value stops the ledger at start. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const config = loadConfig(LedgerConfig, env);
  config.INTERNAL_API_TOKEN ??= secretFromEnv('INTERNAL_API_TOKEN', env);
  return config;
}
