import type { INestApplication } from '@nestjs/common';
import { createServiceApp, GatewayTokenVerifier, installFastRoutes } from '@goodloop/common';
import type { LedgerConfig } from './config/env';
import { ledgerDataSourceOptions } from './database/data-source';
import { LedgerModule } from './ledger.module';
import { TransferFastRoute } from './transfers/transfers.fast-route';

/** Builds the ledger (database created and migrated) without listening: main.ts and tests listen. */
export async function createLedgerApp(config: LedgerConfig): Promise<INestApplication> {
  // Calls are for the ledger only: a token the gateway signed for another service is refused.
  const gatewayTokens = new GatewayTokenVerifier(config.GATEWAY_VERIFY_KEY!, 'ledger');
  const app = await createServiceApp({
    module: LedgerModule.forRoot(config),
    dataSourceOptions: ledgerDataSourceOptions(config),
    gatewayTokens,
  });
  installFastRoutes(app, gatewayTokens, [app.get(TransferFastRoute)]);
  return app;
}
