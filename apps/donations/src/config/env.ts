import { IsInt, Max, Min } from 'class-validator';
import { gatewayVerifyKeyFromEnv, loadConfig, ServiceConfig } from '@goodloop/common';

/** Settings of the donations service; everything else comes from {@link ServiceConfig}. */
export class DonationsConfig extends ServiceConfig {
  // The annotation matters: decorator metadata tells class-transformer to turn PORT="3103"
  // from the environment into a number.
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3103;
}

export function loadDonationsConfig(env: NodeJS.ProcessEnv = process.env): DonationsConfig {
  const config = loadConfig(DonationsConfig, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  return config;
}
