import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';
import { AccessGuard } from '../auth/access';
import { InternalAuthGuard, type GatewayTokenVerifier } from '../auth/internal-auth.guard';
import { correlationMiddleware } from '../context/correlation.middleware';
import { migrateDatabase } from '../database/run-migrations';
import { ErrorShapeFilter } from '../errors/http-exception.filter';
import { createValidationPipe } from '../errors/validation';
import { startMessaging } from './start-messaging';

export interface ServiceAppInput {
  module: Type<unknown> | ReturnType<typeof Object>;
  dataSourceOptions: DataSourceOptions & { url: string };
  /**
   * The same database as the role that owns its tables, when the service runs as another role
   * (the ledger): migrations run with these. Unset → with `dataSourceOptions`.
   */
  migrationDataSourceOptions?: DataSourceOptions & { url: string };
  /** Checks the gateway's call tokens for this service; every internal route but health requires one. */
  gatewayTokens: GatewayTokenVerifier;
  /** Keep each JSON request's exact bytes as `request.rawBody` (a signed webhook checks them). */
  rawBody?: boolean;
}

/**
 * Makes a backend service ready to listen: creates its database when missing, applies its
 * migrations, then builds the Nest app with the platform's logger, error shape, validation and
 * gateway-token and access guards, and starts its Kafka transport (initialising the app).
 * `main.ts` calls `listen`; tests call this with a test database.
 */
export async function createServiceApp(input: ServiceAppInput): Promise<INestApplication> {
  await migrateDatabase(input.migrationDataSourceOptions ?? input.dataSourceOptions);
  const app = await NestFactory.create(input.module as Type<unknown>, { bufferLogs: true, rawBody: input.rawBody ?? false });
  app.useLogger(app.get(PinoLogger));
  app.use(correlationMiddleware);
  app.useGlobalFilters(new ErrorShapeFilter());
  app.useGlobalPipes(createValidationPipe());
  const reflector = app.get(Reflector);
  app.useGlobalGuards(new InternalAuthGuard(input.gatewayTokens, reflector), new AccessGuard(reflector));
  app.enableShutdownHooks();
  await startMessaging(app);
  return app;
}
