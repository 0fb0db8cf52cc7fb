import { IsInt, Max, Min } from 'class-validator';
import { gatewayVerifyKeyFromEnv, loadConfig, ServiceConfig } from '@goodloop/common';

/** Settings of the matching service; everything else comes from {@link ServiceConfig}. */
export class MatchingConfig extends ServiceConfig {
  // The annotation matters: decorator metadata tells class-transformer to turn PORT="3104"
  // from the environment into a number.
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3104;

  /** How often a matching run starts by itself, in minutes; 0: only when staff start one. */
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  MATCHING_SCHEDULE_MINUTES: number = 360;

  /** How far apart an offer and a need may be, in km, when a run does not say. */
  @IsInt()
  @Min(1)
  @Max(100)
  MATCHING_MAX_DISTANCE_KM: number = 10;
}

export function loadMatchingConfig(env: NodeJS.ProcessEnv = process.env): MatchingConfig {
  const config = loadConfig(MatchingConfig, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  return config;
}
