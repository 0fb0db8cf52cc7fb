import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, MessagingModule } from '@goodloop/common';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { RolesGuard } from './auth/roles.guard';
import { GatewayConfig } from './config/env';
import { gatewayDataSourceOptions } from './database/data-source';
import { DemoModule } from './demo/demo.module';
import { GatewayHealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OrgsModule } from './orgs/orgs.module';
import { GatewayThrottlerGuard } from './rate-limit/gateway-throttler.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';
import { RelayModule } from './relay/relay.module';
import { UsersModule } from './users/users.module';

/**
 * The public gateway: identity (accounts, organisations, memberships, tokens), rate limits,
 * relays to the services, health and the web app. Global guards run in this order:
 * authenticate (JWT) → rate-limit (needs the user for per-user limits) → authorise (roles).
 */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(gatewayDataSourceOptions(config)),
        MessagingModule.forRoot({ service: 'gateway', config }),
        createLoggerModule('gateway', config.LOG_LEVEL),
        RedisModule,
        RateLimitModule,
        IdempotencyModule,
        UsersModule,
        AuthModule,
        OrgsModule,
        AccountsModule,
        RelayModule,
        GatewayHealthModule,
        DemoModule,
      ],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: GatewayThrottlerGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
      ],
      exports: [GatewayConfig],
    };
  }
}
