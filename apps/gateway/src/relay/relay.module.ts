import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { relayController } from './relay.controller';
import { ServiceClient } from './service.client';
import { RELAYED_SERVICES, SERVICE_NAMES } from './services';

/** Every relayed route, mounted from the services' route tables (`<service>.routes.ts`, listed in services.ts). */
@Module({
  imports: [IdempotencyModule],
  controllers: SERVICE_NAMES.map((name) => relayController(name, RELAYED_SERVICES[name].routes)),
  providers: [ServiceClient],
  exports: [ServiceClient],
})
export class RelayModule {}
