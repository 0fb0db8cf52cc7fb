import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { Entry } from './entities/entry.entity';
import { Transfer } from './entities/transfer.entity';
import { TransfersConsumer } from './transfers.consumer';
import { TransfersController } from './transfers.controller';
import { TransferFastRoute } from './transfers.fast-route';
import { LedgerEngine } from './ledger-engine';
import { TransfersService } from './transfers.service';

@Module({
  imports: [TypeOrmModule.forFeature([Transfer, Entry]), AccountsModule],
  controllers: [TransfersController, TransfersConsumer],
  providers: [LedgerEngine, TransfersService, TransferFastRoute],
  exports: [TransfersService, LedgerEngine, TransferFastRoute],
})
export class TransfersModule {}
