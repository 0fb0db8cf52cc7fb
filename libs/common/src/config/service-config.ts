import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Settings every backend service reads. Numeric fields need an explicit `: number` annotation:
 * the environment holds strings, and the conversion reads the declared type. Each app extends it in its own `config/env.ts` with
 * what only it needs. Defaults are the local machine's.
 */
export class ServiceConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  /** Full URL of this service's database. Unset → built from PG* with the service's default name. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'DATABASE_URL must be postgres://user[:pw]@host[:port]/database',
  })
  DATABASE_URL?: string;

  @IsString()
  PGHOST = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  PGPORT: number = 5432;

  @IsString()
  PGUSER = 'postgres';

  @IsOptional()
  @IsString()
  PGPASSWORD?: string;

  /** Comma-separated host:port list. */
  @Matches(/^[A-Za-z0-9.-]+:\d+(,[A-Za-z0-9.-]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /**
   * How the service logs in to Kafka: SASL with this mechanism, KAFKA_USERNAME (the service's
   * principal, its name) and KAFKA_PASSWORD. Unset: no authentication (PLAINTEXT), which a
   * production service refuses unless KAFKA_SECURITY=plaintext says it is meant.
   */
  @IsOptional()
  @IsIn(['scram-sha-512', 'scram-sha-256', 'plain'])
  KAFKA_SASL_MECHANISM?: 'scram-sha-512' | 'scram-sha-256' | 'plain';

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_USERNAME may hold letters, digits, dot, dash, underscore' })
  KAFKA_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  KAFKA_PASSWORD?: string;

  /** TLS to the brokers (SASL_SSL with a mechanism, SSL without). */
  @Transform(
    ({ value }: { value: unknown }) =>
      value === true || (typeof value === 'string' && ['true', '1', 'yes', 'on'].includes(value)),
  )
  @IsBoolean()
  KAFKA_SSL = false;

  /**
   * `plaintext`: a production service may connect without SASL (a cluster that only a private
   * network reaches). Without it, production needs KAFKA_SASL_MECHANISM, KAFKA_USERNAME and
   * KAFKA_PASSWORD.
   */
  @IsOptional()
  @IsIn(['sasl', 'plaintext'])
  KAFKA_SECURITY?: 'sasl' | 'plaintext';

  /** Prefix for every topic and consumer group: isolates test runs and shared clusters. */
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, dot, dash, underscore' })
  KAFKA_TOPIC_PREFIX = '';

  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS: number = 3;

  @IsInt()
  @Min(1)
  @Max(10)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /**
   * How long the group waits for a consumer that stopped answering before giving its
   * partitions to another (ms). Shorter means a crashed instance's partitions move sooner;
   * the broker accepts 6,000 to 300,000 by default.
   */
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 15_000;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://host:port[/db]' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS: number = 100;

  /**
   * How many times a consumer tries a message whose handler keeps failing (not a permanent
   * refusal, not an unreachable database or broker) before it sends it to `<topic>.dlq` with
   * the reason and the count, and goes on with the partition.
   */
  @IsInt()
  @Min(1)
  @Max(100)
  MESSAGE_MAX_ATTEMPTS: number = 5;

  /** The wait after a message's first failed try (ms); it doubles after each further one. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  MESSAGE_RETRY_BACKOFF_MS: number = 200;

  /**
   * How many times the outbox relay sends a row that the broker refuses (an answer, not an
   * unreachable broker: too large, not authorised) before it parks the row (kept, marked, and
   * reported) and goes on with the rows behind it.
   */
  @IsInt()
  @Min(1)
  @Max(1_000)
  OUTBOX_MAX_ATTEMPTS: number = 5;

  /** PostgreSQL's statement_timeout for the service's pool (ms); migrations run without it. */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS: number = 30_000;

  /**
   * The gateway's Ed25519 public key (base64 SPKI DER, or PEM): checks the call tokens the
   * gateway signs. Public, but it decides whom the service trusts: required in production,
   * generated locally with the gateway's signing key when unset.
   */
  @IsOptional()
  @IsString()
  @MinLength(40)
  @Transform(({ value }: { value: unknown }) => value)
  GATEWAY_VERIFY_KEY?: string;
}

/** The database URL of a service: DATABASE_URL, or PG* with `<prefix>_<service>` as the name. */
export function databaseUrlFor(config: ServiceConfig, service: string, env: NodeJS.ProcessEnv = process.env): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const user = encodeURIComponent(config.PGUSER);
  const password = config.PGPASSWORD ? `:${encodeURIComponent(config.PGPASSWORD)}` : '';
  const prefix = env.GOODLOOP_DB_PREFIX ?? 'goodloop';
  return `postgres://${user}${password}@${config.PGHOST}:${config.PGPORT}/${prefix}_${service}`;
}

/** The SASL settings a Kafka client needs, or none (PLAINTEXT). */
export type KafkaSecurity = Pick<
  ServiceConfig,
  'KAFKA_SASL_MECHANISM' | 'KAFKA_USERNAME' | 'KAFKA_PASSWORD' | 'KAFKA_SSL' | 'KAFKA_SECURITY'
>;

/**
 * What is wrong with the Kafka security settings, one line per variable: a mechanism needs a
 * user and a password (and the other way round); production needs SASL unless
 * KAFKA_SECURITY=plaintext, and KAFKA_SECURITY=sasl needs it everywhere.
 */
export function kafkaSecurityProblems(config: KafkaSecurity, production: boolean): string[] {
  const problems: string[] = [];
  const given = [config.KAFKA_SASL_MECHANISM, config.KAFKA_USERNAME, config.KAFKA_PASSWORD].some(Boolean);
  if (given) {
    if (config.KAFKA_SECURITY === 'plaintext') problems.push('  KAFKA_SECURITY: plaintext, yet SASL settings are given');
    for (const name of ['KAFKA_SASL_MECHANISM', 'KAFKA_USERNAME', 'KAFKA_PASSWORD'] as const) {
      if (!config[name]) problems.push(`  ${name}: required with the other KAFKA_SASL_MECHANISM/KAFKA_USERNAME/KAFKA_PASSWORD`);
    }
  } else if (config.KAFKA_SECURITY === 'sasl' || (production && config.KAFKA_SECURITY !== 'plaintext')) {
    problems.push(
      `  KAFKA_SASL_MECHANISM: required${config.KAFKA_SECURITY === 'sasl' ? ' with KAFKA_SECURITY=sasl' : ' when NODE_ENV=production'} ` +
        '(with KAFKA_USERNAME and KAFKA_PASSWORD; or KAFKA_SECURITY=plaintext for a cluster without authentication)',
    );
  }
  return problems;
}
