import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { ServicesClient } from './services.client';
import { VolunteersController } from './volunteers.controller';

@Module({
  controllers: [VolunteersController, LedgerController],
  providers: [ServicesClient],
  exports: [ServicesClient],
})
export class ServicesModule {}
