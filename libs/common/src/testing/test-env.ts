import { randomBytes } from 'node:crypto';
import { generateGatewayKeyPair } from '../auth/gateway-token';

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

/**
 * The gateway's call-token keys of this test process: `test/setup-env.js` generates a pair into
 * GATEWAY_SIGNING_KEY / GATEWAY_VERIFY_KEY, so every service a test starts (with `...process.env`)
 * trusts the tokens `asUser` signs. Outside Jest a pair is generated here.
 */
export function testGatewayKeys(): { signingKey: string; verifyKey: string } {
  if (!process.env.GATEWAY_SIGNING_KEY || !process.env.GATEWAY_VERIFY_KEY) {
    const { signingKey, verifyKey } = generateGatewayKeyPair();
    process.env.GATEWAY_SIGNING_KEY = signingKey;
    process.env.GATEWAY_VERIFY_KEY = verifyKey;
  }
  return { signingKey: process.env.GATEWAY_SIGNING_KEY, verifyKey: process.env.GATEWAY_VERIFY_KEY };
}
