import type { INestApplication } from '@nestjs/common';
import { createServiceApp, GatewayTokenVerifier } from '@goodloop/common';
import { DonationsModule } from './donations.module';
import type { DonationsConfig } from './config/env';
import { donationsDataSourceOptions } from './database/data-source';

/** Builds the donations service (database migrated, not listening yet). */
export async function createDonationsApp(config: DonationsConfig): Promise<INestApplication> {
  return createServiceApp({
    module: DonationsModule.forRoot(config),
    dataSourceOptions: donationsDataSourceOptions(config),
    gatewayTokens: new GatewayTokenVerifier(config.GATEWAY_VERIFY_KEY!, 'donations'),
    rawBody: true,
  });
}
