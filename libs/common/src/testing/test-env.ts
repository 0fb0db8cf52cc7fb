import { randomBytes } from 'node:crypto';

/**
 * Names unique to one test run, so that runs never share state: the databases are
 * `gl_t<run>_<service>` and every topic and consumer group starts with `t<run>.`.
 * The Jest global setup picks the run id once and passes it in GOODLOOP_TEST_RUN.
 */
export function testRunId(): string {
  return process.env.GOODLOOP_TEST_RUN ?? (process.env.GOODLOOP_TEST_RUN = randomBytes(4).toString('hex'));
}

/** Database URL for a service inside this test run; `suffix` separates suites that need their own. */
export function testDatabaseUrl(service: string, suffix = ''): string {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  const user = process.env.PGUSER ?? 'postgres';
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : '';
  return `postgres://${user}${password}@${host}:${port}/gl_t${testRunId()}_${service}${suffix ? `_${suffix}` : ''}`;
}

/** Topic prefix for this run; `suffix` separates suites that must not see each other's messages. */
export function testTopicPrefix(suffix = ''): string {
  return `t${testRunId()}${suffix ? `-${suffix}` : ''}.`;
}

export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789abcdef0123456789';
