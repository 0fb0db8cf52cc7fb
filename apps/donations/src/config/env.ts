import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { envFlag, gatewayVerifyKeyFromEnv, loadConfig, secretFromEnv, ServiceConfig } from '@goodloop/common';

/** Settings of the donations service; everything else comes from {@link ServiceConfig}. */
export class DonationsConfig extends ServiceConfig {
  // The annotation matters: decorator metadata tells class-transformer to turn PORT="3103"
  // from the environment into a number.
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3103;

  /** The payment provider behind POST /donations; `sandbox` confirms by calling the webhook itself. */
  @IsIn(['sandbox'])
  PAYMENT_PROVIDER = 'sandbox' as const;

  /**
   * The key the provider signs webhooks with (HMAC-SHA256). Required in production; generated
   * into `.local/secrets.json` otherwise.
   */
  @IsOptional()
  @IsString()
  PAYMENT_WEBHOOK_SECRET?: string;

  /** How far a webhook's timestamp may be from now, in seconds, before it is refused as stale. */
  @IsInt()
  @Min(30)
  @Max(3600)
  WEBHOOK_TOLERANCE_SECONDS: number = 300;

  /** Where the sandbox provider sends its confirmations: the platform's public webhook. */
  @Matches(/^https?:\/\/.+/)
  SANDBOX_WEBHOOK_URL = 'http://127.0.0.1:3000/api/v1/payments/webhook';

  /** The sandbox confirms a payment this long after it is created. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  SANDBOX_CONFIRM_DELAY_MS: number = 1_500;

  /** Off in tests that send their own signed confirmations. */
  @Transform(envFlag)
  @IsBoolean()
  SANDBOX_AUTO_CONFIRM: boolean = true;

  /** How long a pickup code is good for: the points stay held that long, then return. */
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  REDEMPTION_HOLD_SECONDS: number = 72 * 3600;

  /** How long POST /redemptions waits for the ledger's answer before answering 202 `holding`. */
  @IsInt()
  @Min(0)
  @Max(25_000)
  LEDGER_ANSWER_WAIT_MS: number = 4_000;

  /** Wrong pickup codes one redemption (or one business, for codes typed alone) allows before it locks. */
  @IsInt()
  @Min(1)
  @Max(100)
  PICKUP_CODE_MAX_ATTEMPTS: number = 5;

  /** How often the schedule expires lapsed pickup codes and charges monthly gifts. */
  @IsInt()
  @Min(1_000)
  SWEEP_EVERY_MS: number = 30_000;
}

export function loadDonationsConfig(env: NodeJS.ProcessEnv = process.env): DonationsConfig {
  const config = loadConfig(DonationsConfig, env);
  config.GATEWAY_VERIFY_KEY = gatewayVerifyKeyFromEnv(env);
  config.PAYMENT_WEBHOOK_SECRET = secretFromEnv('PAYMENT_WEBHOOK_SECRET', env);
  return config;
}
