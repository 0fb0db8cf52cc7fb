import { DataSource, type DataSourceOptions } from 'typeorm';
import { ensureDatabase } from './ensure-database';

/**
 * Creates the database when missing and applies pending migrations, each in its own transaction.
 * An advisory lock keeps two instances of one service from migrating at the same time.
 * Returns the names of the migrations it applied.
 */
export async function migrateDatabase(options: DataSourceOptions & { url: string }): Promise<string[]> {
  await ensureDatabase(options.url);
  // Only the session settings (`options`) of the pool's extras carry over: migrations run
  // without the service's statement timeout.
  const settings = (options.extra as { options?: string } | undefined)?.options;
  const dataSource = new DataSource({
    ...options,
    extra: { max: 2, ...(settings ? { options: settings } : {}) },
  } as DataSourceOptions);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['goodloop:migrations']);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['goodloop:migrations']).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
