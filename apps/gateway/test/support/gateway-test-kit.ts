import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ensureTestKafkaAcls, serviceKafkaLogin, testDatabaseUrl, testTopicPrefix } from '@goodloop/common/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createGatewayApp } from '../../src/app';
import { loadGatewayConfig, type GatewayConfig } from '../../src/config/env';

export const TEST_JWT_SECRET = 'gateway-test-jwt-secret-0123456789abcdef0123456789';

/** An address nothing listens on: relays to it must answer 503, never hang or 500. */
export const DEAD_SERVICE_URL = 'http://127.0.0.1:9';

/** The gateway's config for one suite: its own database, topic prefix and Redis key prefix. */
export function gatewayTestConfig(suite: string, extra: NodeJS.ProcessEnv = {}): GatewayConfig {
  return loadGatewayConfig({
    ...process.env,
    // Against the local broker: User:gateway, with the gateway's ACLs (startGateway grants them).
    ...serviceKafkaLogin('gateway'),
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl('gateway', suite),
    KAFKA_TOPIC_PREFIX: testTopicPrefix(suite),
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_MS: '50',
    VOLUNTEERS_URL: DEAD_SERVICE_URL,
    LEDGER_URL: DEAD_SERVICE_URL,
    WEB_DIST_DIR: '/nonexistent/goodloop-web-dist',
    ...extra,
  });
}

export async function startGateway(config: GatewayConfig): Promise<INestApplication> {
  if (config.KAFKA_USERNAME === 'gateway') await ensureTestKafkaAcls(config.KAFKA_TOPIC_PREFIX, 'gateway');
  const app = await createGatewayApp(config);
  await app.init();
  return app;
}

export function api(app: INestApplication): ReturnType<typeof request> {
  return request(app.getHttpServer());
}

export interface Registered {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export async function register(
  app: INestApplication,
  email: string,
  displayName = '测试居民',
  password = 'Resident-pass-2026',
): Promise<Registered> {
  const res = await api(app).post('/api/v1/auth/register').send({ email, password, displayName });
  if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { user: { id: string }; accessToken: string; refreshToken: string };
  return { userId: body.user.id, email, accessToken: body.accessToken, refreshToken: body.refreshToken };
}

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.org`;
}
