import { createLedgerApp } from './app';
import { loadLedgerConfig } from './config/env';

async function bootstrap(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await createLedgerApp(config);
  await app.listen(config.PORT, config.HOST);
}

bootstrap().catch((error: unknown) => {
  // The logger may not exist yet (bad config, database down): say why on stderr and stop.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
