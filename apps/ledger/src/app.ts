import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@goodloop/common';
import type { LedgerConfig } from './config/env';
import { ledgerDataSourceOptions } from './database/data-source';
import { LedgerModule } from './ledger.module';

/** Builds the ledger (database created and migrated) without listening: main.ts and tests listen. */
export async function createLedgerApp(config: LedgerConfig): Promise<INestApplication> {
  return createServiceApp({
    module: LedgerModule.forRoot(config),
    dataSourceOptions: ledgerDataSourceOptions(config),
    internalToken: config.INTERNAL_API_TOKEN!,
  });
}
