import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { GatewayConfig } from '../config/env';
import { GATEWAY_ENTITIES } from './entities';
import { Identity1764370000000 } from './migrations/1764370000000-Identity';
import { IdempotencyRecords1796342400000 } from './migrations/1796342400000-IdempotencyRecords';
import { EmailNfkc1796428800000 } from './migrations/1796428800000-EmailNfkc';
import { OutboxParking1796515200000 } from './migrations/1796515200000-OutboxParking';
import { RolesAndAccounts1796601600000 } from './migrations/1796601600000-RolesAndAccounts';

export function gatewayDataSourceOptions(config: GatewayConfig): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, 'gateway');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: GATEWAY_ENTITIES,
      migrations: [
        Identity1764370000000,
        IdempotencyRecords1796342400000,
        EmailNfkc1796428800000,
        OutboxParking1796515200000,
        RolesAndAccounts1796601600000,
      ],
      applicationName: 'goodloop-gateway',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d apps/gateway/src/database/data-source.ts`).
 * Built with the plain config loader: the CLI needs the database URL, not the JWT secret, and
 * importing this file must not generate secrets as a side effect.
 */
export default new DataSource(gatewayDataSourceOptions(loadConfig(GatewayConfig)));
