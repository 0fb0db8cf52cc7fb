import { Logger, type INestApplication } from '@nestjs/common';
import { createServiceApp, GatewayTokenVerifier, installFastRoutes } from '@goodloop/common';
import type { LedgerConfig } from './config/env';
import { DataSource } from 'typeorm';
import { ledgerDataSourceOptions, ledgerMigrationDataSourceOptions } from './database/data-source';
import { runtimeRoleProblems } from './database/runtime-role';
import { LedgerModule } from './ledger.module';
import { TransferFastRoute } from './transfers/transfers.fast-route';

/** Builds the ledger (database created and migrated) without listening: main.ts and tests listen. */
export async function createLedgerApp(config: LedgerConfig): Promise<INestApplication> {
  // Calls are for the ledger only: a token the gateway signed for another service is refused.
  const gatewayTokens = new GatewayTokenVerifier(config.GATEWAY_VERIFY_KEY!, 'ledger');
  const app = await createServiceApp({
    module: LedgerModule.forRoot(config),
    dataSourceOptions: ledgerDataSourceOptions(config),
    // Migrations run as the tables' owner; the service runs as the runtime role.
    migrationDataSourceOptions: ledgerMigrationDataSourceOptions(config),
    gatewayTokens,
  });
  // The proof that the service never needs to rewrite a record: it runs without the right to.
  const problems = await runtimeRoleProblems(app.get(DataSource));
  if (problems.length > 0) {
    const message = `the ledger's database role may rewrite records: ${problems.join('; ')} (README.md, "Database roles")`;
    if (config.NODE_ENV !== 'development') {
      await app.close();
      throw new Error(message);
    }
    new Logger('Ledger').warn(message);
  }
  installFastRoutes(app, gatewayTokens, [app.get(TransferFastRoute)]);
  return app;
}
