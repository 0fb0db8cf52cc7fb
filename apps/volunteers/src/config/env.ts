import { IsInt, Max, Min } from 'class-validator';
import { loadConfig, gatewayVerifyKeyFromEnv, ServiceConfig } from '@goodloop/common';

/** Settings of the volunteers service; everything else comes from {@link ServiceConfig}. */
export class VolunteersConfig extends ServiceConfig {
  // The annotation matters: it is what decorator metadata tells class-transformer, which turns
  // PORT="3101" from the environment into the number 3101.
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3101;
}

export function loadVolunteersConfig(env: NodeJS.ProcessEnv = process.env): VolunteersConfig {
  const config = loadConfig(VolunteersConfig, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  return config;
}
