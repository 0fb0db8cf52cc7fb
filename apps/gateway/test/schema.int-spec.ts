import 'reflect-metadata';
import { describeSchema } from '@goodloop/common/testing';
import type { DataSourceOptions } from 'typeorm';
import { loadGatewayConfig } from '../src/config/env';
import { gatewayDataSourceOptions } from '../src/database/data-source';

describeSchema(
  'gateway',
  (url) =>
    gatewayDataSourceOptions(
      loadGatewayConfig({
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: url,
        JWT_SECRET: 'y'.repeat(48),
      }),
    ) as DataSourceOptions,
  ['demo_seed', 'idempotency_records', 'inbox', 'invitations', 'memberships', 'orgs', 'outbox', 'refresh_tokens', 'users'],
);
