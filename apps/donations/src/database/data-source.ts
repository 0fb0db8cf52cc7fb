import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DonationsConfig } from '../config/env';
import { InitDonations1796155979270 } from './migrations/1796155979270-InitDonations';

/** Every entity the service owns (the outbox and inbox are added by serviceDataSourceOptions). */
export const DONATIONS_ENTITIES = [];

export function donationsDataSourceOptions(config: DonationsConfig): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, 'donations');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: DONATIONS_ENTITIES,
      migrations: [InitDonations1796155979270],
      applicationName: 'goodloop-donations',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d apps/donations/src/database/data-source.ts`).
 * It only needs the database settings, so it reads the config without the internal token.
 */
export default new DataSource(donationsDataSourceOptions(loadConfig(DonationsConfig)));
