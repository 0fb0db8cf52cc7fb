// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
import { createMatchingApp } from './app';
import { loadMatchingConfig } from './config/env';

async function bootstrap(): Promise<void> {
  const config = loadMatchingConfig();
  const app = await createMatchingApp(config);
  await app.listen(config.PORT, config.HOST);
}

bootstrap().catch((error: unknown) => {
  // The logger may not exist yet (bad config, database down): say why on stderr and stop.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
