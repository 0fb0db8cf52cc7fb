import type { INestApplication } from '@nestjs/common';
import { createServiceApp, GatewayTokenVerifier } from '@goodloop/common';
import type { VolunteersConfig } from './config/env';
import { volunteersDataSourceOptions } from './database/data-source';
import { VolunteersModule } from './volunteers.module';

/** Builds the volunteers service (database migrated, not listening yet). */
export async function createVolunteersApp(config: VolunteersConfig): Promise<INestApplication> {
  return createServiceApp({
    module: VolunteersModule.forRoot(config),
    dataSourceOptions: volunteersDataSourceOptions(config),
    gatewayTokens: new GatewayTokenVerifier(config.GATEWAY_VERIFY_KEY!, 'volunteers'),
  });
}
