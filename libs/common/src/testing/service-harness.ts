import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { UserContext } from '../auth/user-context';
import { ensureTestKafkaAcls, serviceKafkaLogin } from './kafka-acl';
import { testDatabaseUrl, testGatewayKeys, testTopicPrefix } from './test-env';
import { asUser } from './users';

export interface StartServiceInput<C> {
  /** The service's name: its test database is `gl_t<run>_<service>_<suite>`. */
  service: string;
  /** The name the gateway signs its calls for (its key in the gateway's registry); `service` by default. */
  audience?: string;
  /** The suite's name; suites with different names share no database and no topics. */
  suite: string;
  /** The service's validated config loader (`loadLedgerConfig`, …). */
  load: (env: NodeJS.ProcessEnv) => C;
  /** The service's app factory (`createLedgerApp`, …): migrates, builds, does not listen. */
  create: (config: C) => Promise<INestApplication>;
  /** More environment for this suite (wins over the defaults). */
  env?: NodeJS.ProcessEnv;
  /** The topic prefix, when several services of one suite must share topics. */
  topicPrefix?: string;
}

/**
 * The environment a service gets in a test: this run's database and topics, quiet logs. Its
 * Kafka login is the environment's (the admin, against the local broker): `startService` (and the
 * apps' test kits) switch to the service's own principal once they have granted its ACLs under
 * the suite's prefix, which this synchronous function cannot.
 */
export function testServiceEnv(service: string, suite: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(service, suite.replace(/-/g, '_')),
    KAFKA_TOPIC_PREFIX: testTopicPrefix(suite),
    GATEWAY_VERIFY_KEY: testGatewayKeys().verifyKey,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_MS: '50',
    ...extra,
  };
}

/**
 * A service running for a test suite, as `npm start` runs it but on this run's own database and
 * topic prefix, listening on a free loopback port (so many concurrent supertest calls share one
 * server). `as(user)` calls its internal API with the headers the gateway would send.
 */
export class TestService<C> {
  private constructor(
    readonly app: INestApplication,
    readonly config: C,
    readonly dataSource: DataSource,
    readonly url: string,
    /** The audience of the gateway tokens `as` signs. */
    readonly audience: string,
  ) {}

  static async start<C>(input: StartServiceInput<C>): Promise<TestService<C>> {
    // Its Kafka principal is its name (the audience when the database name differs: demo_check).
    const principal = input.audience ?? input.service;
    const env = testServiceEnv(input.service, input.suite, {
      ...serviceKafkaLogin(principal),
      ...(input.topicPrefix ? { KAFKA_TOPIC_PREFIX: input.topicPrefix } : {}),
      ...input.env,
    });
    // The service's ACLs under this suite's prefix (its topics are not the unprefixed ones).
    if (env.KAFKA_USERNAME === principal) await ensureTestKafkaAcls(env.KAFKA_TOPIC_PREFIX ?? '', principal);
    const config = input.load(env);
    const app = await input.create(config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestService(app, config, app.get(DataSource), `http://127.0.0.1:${port}`, input.audience ?? input.service);
  }

  /** Calls the internal API as `user` (or anonymously), with a gateway token for this service. */
  as(user?: UserContext) {
    const server = this.app.getHttpServer();
    const headers = asUser(user, this.audience);
    return {
      get: (path: string) => request(server).get(path).set(headers),
      post: (path: string, body: object = {}) => request(server).post(path).set(headers).send(body),
      put: (path: string, body: object = {}) => request(server).put(path).set(headers).send(body),
      patch: (path: string, body: object = {}) => request(server).patch(path).set(headers).send(body),
      delete: (path: string) => request(server).delete(path).set(headers),
    };
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}

/** Starts a service for a suite; see `TestService`. */
export function startService<C>(input: StartServiceInput<C>): Promise<TestService<C>> {
  return TestService.start(input);
}

/**
 * The statements TypeORM would still run to make the schema match the entities: empty when the
 * migrations and the entities agree. Every service's schema suite asserts this.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((q) => q.query);
}
