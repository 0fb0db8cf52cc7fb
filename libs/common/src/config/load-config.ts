import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { flattenValidationErrors } from '../errors/validation';
import { productionSecretProblems, shownValue } from './secret-rules';
import { kafkaSecurityProblems, ServiceConfig } from './service-config';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment into a validated config class. A bad value stops the app at start with
 * one line per variable, e.g. `PORT: PORT must not be greater than 65535 (got "99999")`; the value
 * of a secret or a URL is never printed, only its length.
 * Only config/ folders call this: the rest of the code receives the typed object.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') plain[key] = value;
  const config = plainToInstance(cls, plain, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = flattenValidationErrors(errors).map(
      (e) => `  ${e.field}: ${e.errors.join(', ')} (got ${shownValue(e.field, env[e.field])})`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config instanceof ServiceConfig) {
    const problems = kafkaSecurityProblems(config, config.NODE_ENV === 'production');
    if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  if (env.NODE_ENV === 'production') {
    const problems = productionSecretProblems(pick(env, declaredVariables(cls)));
    if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return config;
}

/** The variables a config class declares (those with a validation rule): the service's own. */
function declaredVariables(cls: new () => object): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
}

function pick(env: NodeJS.ProcessEnv, names: Set<string>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => names.has(name)));
}

/**
 * A `@Transform` for a boolean setting, reading the raw environment string (class-transformer's
 * implicit conversion would make `"false"` true): `true`, `1`, `yes`, `on` → true; `false`, `0`,
 * `no`, `off` → false; anything else stays as it is, for `@IsBoolean` to refuse.
 */
export function envFlag({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw;
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  return raw;
}
