import { ConfigError, envFlag, ServiceConfig, gatewaySigningKeyFromEnv, loadConfig, secretFromEnv } from '@goodloop/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository root: the nearest folder above this file holding `nest-cli.json`. Found by
 * walking up rather than by a fixed number of `..`, so it is the same whether the gateway runs
 * from `apps/gateway/src` (ts, tests) or from a build under `dist/`.
 */
export function repositoryRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

// Every field carries an explicit type: SWC, which compiles the apps and the tests, emits the
// `design:type` that class-transformer converts by only for annotated properties.
const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The gateway's settings. Everything has a local default except the secrets, which outside
 * production are generated once into `.local/secrets.json` (see `secretFromEnv`).
 * HOST stays 127.0.0.1 by default (a developer's machine); containers set HOST=0.0.0.0.
 */
export class GatewayConfig extends ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** HS256 key for access tokens; at least 32 characters. Filled by loadGatewayConfig. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  /**
   * The gateway's Ed25519 private key (base64 PKCS#8 DER, or PEM): signs the user context of
   * every call to a service. Only the gateway holds it. Filled by loadGatewayConfig.
   */
  @IsOptional()
  @IsString()
  @MinLength(40)
  GATEWAY_SIGNING_KEY?: string;

  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS: number = 30;

  /**
   * Seconds after a refresh token is spent during which presenting it again is taken for two tabs
   * of one browser refreshing at once (a new pair, the sign-in goes on) rather than for theft
   * (the sign-in is revoked). Only the family's most recently spent token has it; 0 turns it off.
   */
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_REUSE_GRACE_SECONDS: number = 10;

  @IsUrl(URL_OPTIONS, { message: 'VOLUNTEERS_URL must be an http(s) URL' })
  VOLUNTEERS_URL = 'http://127.0.0.1:3101';

  @IsUrl(URL_OPTIONS, { message: 'LEDGER_URL must be an http(s) URL' })
  LEDGER_URL = 'http://127.0.0.1:3102';

  @IsUrl(URL_OPTIONS, { message: 'DONATIONS_URL must be an http(s) URL' })
  DONATIONS_URL = 'http://127.0.0.1:3103';

  @IsUrl(URL_OPTIONS, { message: 'MATCHING_URL must be an http(s) URL' })
  MATCHING_URL = 'http://127.0.0.1:3104';

  // new-service: url (npm run new:service adds a service's URL above this line)

  /** Milliseconds the gateway waits for a service before answering 503. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  SERVICE_TIMEOUT_MS: number = 10_000;

  /** The built web app (Vite's output) served at `/`. */
  @IsString()
  WEB_DIST_DIR = join(repositoryRoot(), 'apps', 'web', 'dist');

  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_LOGIN_PER_MINUTE: number = 10;

  /** Sign-in attempts from one address, whatever the email (one password tried on many accounts). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: number = 30;

  /** Sign-in attempts for one account, whatever the address (guessing from many places). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: number = 20;

  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_REGISTER_PER_MINUTE: number = 20;

  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_WRITES_PER_MINUTE: number = 120;

  /** Reads that scan much: trial balance, chain verification, reconciliation, statement export. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_EXPENSIVE_READS_PER_MINUTE: number = 20;

  /** Lists asked with words to look for (`q`). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_SEARCH_PER_MINUTE: number = 60;

  /**
   * Express `trust proxy`: which hops may set X-Forwarded-For, so rate limits key on the real
   * client address. `loopback` trusts a reverse proxy on the same machine only.
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /** Load the demo accounts and organisations once at start (see src/demo). */
  @Transform(envFlag)
  @IsBoolean()
  DEMO_SEED: boolean = false;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const config = loadConfig(GatewayConfig, env);
  if (config.NODE_ENV === 'production' && config.DEMO_SEED) {
    // The demo accounts share one published password: in production they would be open doors.
    throw new ConfigError('Invalid configuration:\n  DEMO_SEED: must be false when NODE_ENV=production');
  }
  config.WEB_DIST_DIR = resolve(config.WEB_DIST_DIR);
  config.JWT_SECRET = secretFromEnv('JWT_SECRET', env);
  config.GATEWAY_SIGNING_KEY = gatewaySigningKeyFromEnv(env);
  return config;
}
