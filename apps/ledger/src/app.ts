import type { INestApplication } from '@nestjs/common';
import { createServiceApp, installFastRoutes } from '@goodloop/common';
import type { LedgerConfig } from './config/env';
import { ledgerDataSourceOptions } from './database/data-source';
import { LedgerModule } from './ledger.module';
import { TransferFastRoute } from './transfers/transfers.fast-route';

/** Builds the ledger (database created and migrated) without listening: main.ts and tests listen. */
export async function createLedgerApp(config: LedgerConfig): Promise<INestApplication> {
  const app = await createServiceApp({
    module: LedgerModule.forRoot(config),
    dataSourceOptions: ledgerDataSourceOptions(config),
    internalToken: config.INTERNAL_API_TOKEN!,
  });
  installFastRoutes(app, config.INTERNAL_API_TOKEN!, [app.get(TransferFastRoute)]);
  return app;
}
