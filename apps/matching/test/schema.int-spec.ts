import 'reflect-metadata';
import { describeSchema } from '@goodloop/common/testing';
import type { DataSourceOptions } from 'typeorm';
import { loadMatchingConfig } from '../src/config/env';
import { matchingDataSourceOptions } from '../src/database/data-source';

describeSchema(
  'matching',
  (url) => matchingDataSourceOptions(loadMatchingConfig({ ...process.env, DATABASE_URL: url })) as DataSourceOptions,
  ['inbox', 'matches', 'matching_runs', 'needs', 'offers', 'orgs', 'outbox'],
);
