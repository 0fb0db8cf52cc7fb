import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { correlationMiddleware, createValidationPipe, ErrorShapeFilter, migrateDatabase, startMessaging } from '@goodloop/common';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { GatewayConfig } from './config/env';
import { gatewayDataSourceOptions } from './database/data-source';
import { GatewayModule } from './gateway.module';
import { API_PREFIX, setupOpenApi } from './openapi/openapi';
import { serveWebApp } from './web/static-web';

/**
 * Builds the public gateway, ready to listen: migrates its database, then sets up the same
 * logger, correlation ids, error shape and validation as every service — but, facing the
 * outside, with JWT auth instead of the internal-token guard, security headers, the
 * `/api/v1` prefix, OpenAPI at `/api/docs` and the web app at `/`. Starts its Kafka transport
 * (which has no handlers here, but creates the topics the gateway's outbox publishes to). Does
 * not listen.
 */
export async function createGatewayApp(config: GatewayConfig): Promise<INestApplication> {
  await migrateDatabase(gatewayDataSourceOptions(config));
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), {
    bufferLogs: true,
    // Kept for routes that relay the caller's exact bytes (a signed payment webhook: relay-route.ts `rawBody`).
    rawBody: true,
  });
  app.useLogger(app.get(PinoLogger));
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // The SPA's own bundles only; antd (CSS-in-JS) and Swagger UI need inline styles.
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          // TLS is the reverse proxy's business; forcing upgrades breaks plain-HTTP LAN demos.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  serveWebApp(app, config.WEB_DIST_DIR);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new ErrorShapeFilter());
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
  app.enableShutdownHooks();
  await startMessaging(app);
  return app;
}

/** Express `trust proxy` from its environment spelling: `true`/`false`, a hop count, or address names (`loopback, 10.0.0.0/8`). */
export function trustProxySetting(value: string): boolean | number | string {
  const text = value.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}
