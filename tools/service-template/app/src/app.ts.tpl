import type { INestApplication } from '@nestjs/common';
import { createServiceApp, GatewayTokenVerifier } from '@goodloop/common';
import { __Name__Module } from './__name__.module';
import type { __Name__Config } from './config/env';
import { __camel__DataSourceOptions } from './database/data-source';

/** Builds the __name__ service (database migrated, not listening yet). */
export async function create__Name__App(config: __Name__Config): Promise<INestApplication> {
  return createServiceApp({
    module: __Name__Module.forRoot(config),
    dataSourceOptions: __camel__DataSourceOptions(config),
    gatewayTokens: new GatewayTokenVerifier(config.GATEWAY_VERIFY_KEY!, '__name__'),
  });
}
