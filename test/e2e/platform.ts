import type { INestApplication } from '@nestjs/common';
import {
  ensureTestKafkaAcls,
  freePort,
  serviceKafkaLogin,
  spawnService,
  testDatabaseUrl,
  testTopicPrefix,
  waitFor,
} from '@goodloop/common/testing';
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createGatewayApp } from '../../apps/gateway/src/app';
import { loadGatewayConfig } from '../../apps/gateway/src/config/env';
import { createLedgerApp } from '../../apps/ledger/src/app';
import { DEFAULT_LEDGER_RUNTIME_ROLE, loadLedgerConfig } from '../../apps/ledger/src/config/env';
import { createDonationsApp } from '../../apps/donations/src/app';
import { loadDonationsConfig } from '../../apps/donations/src/config/env';
import { createMatchingApp } from '../../apps/matching/src/app';
import { loadMatchingConfig } from '../../apps/matching/src/config/env';
import { createVolunteersApp } from '../../apps/volunteers/src/app';
import { loadVolunteersConfig } from '../../apps/volunteers/src/config/env';

export const DEMO_PASSWORD = 'GoodLoop-demo-2026';
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789abcdef';
/** The payment provider's webhook key in the suites: tests sign their own confirmations with it. */
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef0123456789ab';

/**
 * The whole platform in this process, on the machine's real PostgreSQL, Redis and Kafka: the
 * ledger, volunteers, donations and matching services on their own ports and databases, and the gateway in front of
 * them, exactly as `npm start` wires them, but with databases and topics unique to the suite.
 */
export class Platform {
  ledger?: INestApplication;
  volunteers?: INestApplication;
  donations?: INestApplication;
  matching?: INestApplication;
  gateway?: INestApplication;
  ledgerPort = 0;
  volunteersPort = 0;
  donationsPort = 0;
  matchingPort = 0;
  gatewayPort = 0;

  /**
   * @param suite names the suite's databases and topics
   * @param gatewayEnv extra gateway settings (the browser suites point WEB_DIST_DIR at their build)
   */
  constructor(
    readonly suite: string,
    private readonly gatewayEnv: NodeJS.ProcessEnv = {},
    private readonly donationsEnv: NodeJS.ProcessEnv = {},
  ) {}

  /** Each service logs in as itself (against the local broker), with its ACLs under the suite's prefix. */
  private env(service: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...serviceKafkaLogin(service),
      NODE_ENV: 'test',
      DATABASE_URL: testDatabaseUrl(service, this.suite),
      KAFKA_TOPIC_PREFIX: testTopicPrefix(this.suite),
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      OUTBOX_POLL_MS: '50',
      RATE_LIMIT_REGISTER_PER_MINUTE: '1000',
    };
  }

  /** The donations database of this suite (owner login), for tests that read it while the service is a process of its own. */
  get donationsDatabaseUrl(): string {
    return testDatabaseUrl('donations', this.suite);
  }

  get topicPrefix(): string {
    return testTopicPrefix(this.suite);
  }

  async start(): Promise<this> {
    for (const service of ['ledger', 'volunteers', 'donations', 'matching', 'gateway']) {
      if (this.env(service).KAFKA_USERNAME === service) await ensureTestKafkaAcls(this.topicPrefix, service);
    }
    // The gateway's port is chosen first: the sandbox payment provider calls its public webhook.
    this.gatewayPort = await freePort();
    await this.startLedger();
    this.volunteers = await createVolunteersApp(loadVolunteersConfig(this.env('volunteers')));
    await this.volunteers.listen(0, '127.0.0.1');
    this.volunteersPort = (this.volunteers.getHttpServer().address() as AddressInfo).port;
    await this.startDonations();
    // No schedule in the suites: a run starts when a test starts one.
    this.matching = await createMatchingApp(loadMatchingConfig({ ...this.env('matching'), MATCHING_SCHEDULE_MINUTES: '0' }));
    await this.matching.listen(0, '127.0.0.1');
    this.matchingPort = (this.matching.getHttpServer().address() as AddressInfo).port;
    this.gateway = await createGatewayApp(
      loadGatewayConfig({
        ...this.env('gateway'),
        VOLUNTEERS_URL: `http://127.0.0.1:${this.volunteersPort}`,
        LEDGER_URL: `http://127.0.0.1:${this.ledgerPort}`,
        DONATIONS_URL: `http://127.0.0.1:${this.donationsPort}`,
        MATCHING_URL: `http://127.0.0.1:${this.matchingPort}`,
        DEMO_SEED: 'true',
        ...this.gatewayEnv,
      }),
    );
    await this.gateway.listen(this.gatewayPort, '127.0.0.1');
    return this;
  }

  private donationsSettings(): NodeJS.ProcessEnv {
    return {
      ...this.env('donations'),
      PAYMENT_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${this.gatewayPort}/api/v1/payments/webhook`,
      SANDBOX_CONFIRM_DELAY_MS: '100',
      ...this.donationsEnv,
    };
  }

  /** Starts the donations service (again) in this process, on the port it had before if it ran already. */
  async startDonations(): Promise<void> {
    this.donations = await createDonationsApp(loadDonationsConfig(this.donationsSettings()));
    await this.donations.listen(this.donationsPort, '127.0.0.1');
    this.donationsPort = (this.donations.getHttpServer().address() as AddressInfo).port;
  }

  /**
   * Replaces the in-process donations service with a process of its own on the same port and
   * database, so a test can SIGKILL it (`kill -9`) and start it again; resolves once it answers
   * its health with its Kafka consumer running.
   */
  async spawnDonations(logs: string[]): Promise<ChildProcess> {
    await this.stopDonations();
    const child = spawnService(
      'apps/donations/src/main.ts',
      { ...this.donationsSettings(), PORT: String(this.donationsPort), HOST: '127.0.0.1', KAFKA_SESSION_TIMEOUT_MS: '6000' },
      logs,
    );
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${this.donationsPort}/internal/health`).catch(() => undefined);
        const body = (await response?.json().catch(() => undefined)) as
          { checks?: { kafkaConsumer?: { state?: string } } } | undefined;
        return body?.checks?.kafkaConsumer?.state;
      },
      (state) => state === 'running',
      {
        what: `the donations process on ${this.donationsPort} to consume (logs: ${logs.slice(-5).join(' | ')})`,
        timeoutMs: 60_000,
      },
    );
    return child;
  }

  async stopDonations(): Promise<void> {
    await this.donations?.close();
    this.donations = undefined;
  }

  /** The gateway's URL, as a browser reaches it. */
  async listen(): Promise<string> {
    if (!this.gateway) throw new Error('platform not started');
    return Promise.resolve(`http://127.0.0.1:${this.gatewayPort}`);
  }

  /** Starts the ledger (again), on the port it had before if it ran already. */
  async startLedger(): Promise<void> {
    // Migrations as the owner (this machine's PGUSER), the service as its restricted runtime role.
    const env = this.env('ledger');
    const runtime = new URL(env.DATABASE_URL!);
    runtime.username = DEFAULT_LEDGER_RUNTIME_ROLE;
    runtime.password = '';
    this.ledger = await createLedgerApp(
      loadLedgerConfig({ ...env, LEDGER_MIGRATION_DATABASE_URL: env.DATABASE_URL, DATABASE_URL: runtime.toString() }),
    );
    await this.ledger.listen(this.ledgerPort, '127.0.0.1');
    this.ledgerPort = (this.ledger.getHttpServer().address() as AddressInfo).port;
  }

  async stopLedger(): Promise<void> {
    await this.ledger?.close();
    this.ledger = undefined;
  }

  async stop(): Promise<void> {
    await this.gateway?.close();
    await this.donations?.close();
    await this.matching?.close();
    await this.volunteers?.close();
    await this.ledger?.close();
  }

  http(): ReturnType<typeof request> {
    if (!this.gateway) throw new Error('platform not started');
    return request(this.gateway.getHttpServer());
  }

  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.http().post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { accessToken: string }).accessToken;
  }

  /** The organisation a signed-in user organizes (the demo organizer's 阳光社区). */
  async organizedOrg(token: string): Promise<string> {
    const me = await this.http().get('/api/v1/me').set('authorization', `Bearer ${token}`);
    if (me.status !== 200) throw new Error(`GET /me: ${me.status} ${JSON.stringify(me.body)}`);
    const membership = (me.body as { memberships: { orgId: string; role: string }[] }).memberships.find(
      (m) => m.role === 'organizer',
    );
    if (!membership) throw new Error('the user organizes no organisation');
    // The user context names no organisation: volunteers names an activity's organisation from
    // its read model, which the gateway's org events fill a moment after the demo data loads.
    const volunteers = this.volunteers!.get(DataSource);
    await waitFor(
      async () => (await volunteers.query('SELECT 1 FROM orgs WHERE id = $1', [membership.orgId])) as unknown[],
      (rows) => rows.length === 1,
      { what: 'the volunteers service to know the organisation' },
    );
    return membership.orgId;
  }

  async register(
    email: string,
    displayName: string,
    password = 'Resident-pass-2026',
  ): Promise<{ token: string; userId: string }> {
    const res = await this.http().post('/api/v1/auth/register').send({ email, password, displayName });
    if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as { accessToken: string; user: { id: string } };
    return { token: body.accessToken, userId: body.user.id };
  }
}

export const demo = (role: string): string => `${role}@demo.goodloop.local`;
