import 'reflect-metadata';
import { describeSchema } from '@goodloop/common/testing';
import type { DataSourceOptions } from 'typeorm';
import { load__Name__Config } from '../src/config/env';
import { __camel__DataSourceOptions } from '../src/database/data-source';

describeSchema(
  '__db__',
  (url) =>
    __camel__DataSourceOptions(
      load__Name__Config({ ...process.env, DATABASE_URL: url }),
    ) as DataSourceOptions,
  ['inbox', 'outbox'],
);
