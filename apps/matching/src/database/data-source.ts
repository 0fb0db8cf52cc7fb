import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MatchingConfig } from '../config/env';
import { Org } from '../identity/entities/org.entity';
import { Match } from '../matches/entities/match.entity';
import { Need } from '../needs/entities/need.entity';
import { Offer } from '../offers/entities/offer.entity';
import { Run } from '../runs/entities/run.entity';
import { InitMatching1796165450806 } from './migrations/1796165450806-InitMatching';
import { MatchingSchema1796170000000 } from './migrations/1796170000000-MatchingSchema';

/** Every entity the service owns (the outbox and inbox are added by serviceDataSourceOptions). */
export const MATCHING_ENTITIES = [Org, Need, Offer, Run, Match];

export function matchingDataSourceOptions(config: MatchingConfig): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, 'matching');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: MATCHING_ENTITIES,
      migrations: [InitMatching1796165450806, MatchingSchema1796170000000],
      applicationName: 'goodloop-matching',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d apps/matching/src/database/data-source.ts`).
 * It only needs the database settings, so it reads the config without the internal token.
 */
export default new DataSource(matchingDataSourceOptions(loadConfig(MatchingConfig)));
