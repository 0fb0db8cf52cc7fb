import { IsInt, Max, Min } from 'class-validator';
import { loadConfig, secretFromEnv, ServiceConfig } from '@goodloop/common';

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
  config.INTERNAL_API_TOKEN ??= secretFromEnv('INTERNAL_API_TOKEN', env);
  return config;
}
