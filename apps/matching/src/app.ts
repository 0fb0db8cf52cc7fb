import type { INestApplication } from '@nestjs/common';
import { createServiceApp, GatewayTokenVerifier } from '@goodloop/common';
import { MatchingModule } from './matching.module';
import type { MatchingConfig } from './config/env';
import { matchingDataSourceOptions } from './database/data-source';

/** Builds the matching service (database migrated, not listening yet). */
export async function createMatchingApp(config: MatchingConfig): Promise<INestApplication> {
  return createServiceApp({
    module: MatchingModule.forRoot(config),
    dataSourceOptions: matchingDataSourceOptions(config),
    gatewayTokens: new GatewayTokenVerifier(config.GATEWAY_VERIFY_KEY!, 'matching'),
  });
}
