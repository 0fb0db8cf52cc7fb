import { IsInt, Max, Min } from 'class-validator';
import { gatewayVerifyKeyFromEnv, loadConfig, ServiceConfig } from '@goodloop/common';

/** Settings of the __name__ service; everything else comes from {@link ServiceConfig}. */
export class __Name__Config extends ServiceConfig {
  // The annotation matters: decorator metadata tells class-transformer to turn PORT="__port__"
  // from the environment into a number.
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = __port__;
}

export function load__Name__Config(env: NodeJS.ProcessEnv = process.env): __Name__Config {
  const config = loadConfig(__Name__Config, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  return config;
}
