import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { __Name__Config } from '../config/env';
import { Init__Name____migration__ } from './migrations/__migration__-Init__Name__';

/** Every entity the service owns (the outbox and inbox are added by serviceDataSourceOptions). */
export const __NAME___ENTITIES = [];

export function __camel__DataSourceOptions(config: __Name__Config): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, '__db__');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: __NAME___ENTITIES,
      migrations: [Init__Name____migration__],
      applicationName: 'goodloop-__name__',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d apps/__name__/src/database/data-source.ts`).
 * It only needs the database settings, so it reads the config without the internal token.
 */
export default new DataSource(__camel__DataSourceOptions(loadConfig(__Name__Config)));
