import { DataSource, type DataSourceOptions } from 'typeorm';
import { dropDatabase } from '../database/ensure-database';
import { migrateDatabase } from '../database/run-migrations';
import { testDatabaseUrl } from './test-env';
import { pendingSchemaChanges } from './service-harness';

/**
 * The schema suite every service has: its migrations build exactly the schema its entities
 * describe (no drift), and every `down` works — all migrations revert to an empty schema and
 * apply again to the same tables.
 */
export function describeSchema(
  service: string,
  optionsFor: (url: string) => DataSourceOptions,
  expectedTables: readonly string[],
): void {
  describe(`${service}: schema`, () => {
    const url = testDatabaseUrl(service, 'schema');
    const options = optionsFor(url);
    let dataSource: DataSource;

    const tables = async (): Promise<string[]> =>
      (
        (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)) as {
          table_name: string;
        }[]
      ).map((t) => t.table_name);

    beforeAll(async () => {
      await migrateDatabase(options as DataSourceOptions & { url: string });
      dataSource = await new DataSource(options).initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await dropDatabase(url);
    });

    it('bounds every statement of the service’s pool', async () => {
      const [row] = (await dataSource.query('SHOW statement_timeout')) as { statement_timeout: string }[];
      expect(row?.statement_timeout).not.toBe('0');
    });

    it('matches the entities after the migrations', async () => {
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    });

    it('reverts every migration to an empty schema and migrates up again', async () => {
      expect(await tables()).toEqual([...expectedTables, 'migrations'].sort());
      const applied = async () =>
        ((await dataSource.query(`SELECT count(*)::int AS n FROM migrations`)) as { n: number }[])[0]!.n;
      while ((await applied()) > 0) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toEqual(['migrations']);
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await tables()).toEqual([...expectedTables, 'migrations'].sort());
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    });
  });
}
