import 'reflect-metadata';
import { describeSchema } from '@goodloop/common/testing';
import type { DataSourceOptions } from 'typeorm';
import { loadDonationsConfig } from '../src/config/env';
import { donationsDataSourceOptions } from '../src/database/data-source';

describeSchema(
  'donations',
  (url) => donationsDataSourceOptions(loadDonationsConfig({ ...process.env, DATABASE_URL: url })) as DataSourceOptions,
  [
    'donations',
    'funds',
    'inbox',
    'orgs',
    'outbox',
    'payment_events',
    'pledge_allocations',
    'pledges',
    'receipt_counters',
    'recommendations',
    'recurring_donations',
    'redemptions',
    'rewards',
    'webhook_signatures',
  ],
);
