// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { dropDatabase, migrateDatabase } from '@goodloop/common';
import { testDatabaseUrl } from '@goodloop/common/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { loadVolunteersConfig } from '../src/config/env';
import { volunteersDataSourceOptions } from '../src/database/data-source';

/**
 * The migrations build exactly the schema the entities describe (no drift), and `down` takes
 * everything away again.
 */
describe('volunteers: schema', () => {
  const url = testDatabaseUrl('volunteers', 'schema');
  const options = volunteersDataSourceOptions(
    loadVolunteersConfig({ ...process.env, DATABASE_URL: url, INTERNAL_API_TOKEN: 'x'.repeat(32) }),
  );
  let dataSource: DataSource;

  beforeAll(async () => {
    await migrateDatabase(options);
    dataSource = await new DataSource(options as DataSourceOptions).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(url);
  });

  it('matches the entities after the migrations', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts to an empty schema and migrates up again', async () => {
    const tables = async () =>
      (
        (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)) as {
          table_name: string;
        }[]
      ).map((t) => t.table_name);
    expect(await tables()).toEqual(['activities', 'attendance', 'inbox', 'migrations', 'orgs', 'outbox', 'signups', 'users']);
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toHaveLength(8);
  });
});
