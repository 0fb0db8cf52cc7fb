import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ledgerRoutes } from './ledger.routes';
import { relayController } from './relay.controller';
import { ServiceClient } from './service.client';
import { volunteersRoutes } from './volunteers.routes';

/** Every relayed route, mounted from the services' route tables (`<service>.routes.ts`). */
@Module({
  imports: [IdempotencyModule],
  controllers: [relayController('volunteers', volunteersRoutes), relayController('ledger', ledgerRoutes)],
  providers: [ServiceClient],
  exports: [ServiceClient],
})
export class RelayModule {}
