// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { describeSchema } from '@goodloop/common/testing';
import type { DataSourceOptions } from 'typeorm';
import { loadVolunteersConfig } from '../src/config/env';
import { volunteersDataSourceOptions } from '../src/database/data-source';

describeSchema(
  'volunteers',
  (url) => volunteersDataSourceOptions(loadVolunteersConfig({ ...process.env, DATABASE_URL: url })) as DataSourceOptions,
  [
    'activities',
    'attendance',
    'check_in_attempts',
    'inbox',
    'match_invitations',
    'orgs',
    'outbox',
    'programme_earn_rules',
    'signups',
    'users',
    'volunteer_profiles',
  ],
);
