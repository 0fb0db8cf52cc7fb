import { Module } from '@nestjs/common';
import { ExpiryModule } from '../expiry/expiry.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { TransfersModule } from '../transfers/transfers.module';
import { LedgerJobsController } from './ledger-jobs.controller';
import { LedgerJobsProcessor } from './ledger-jobs.processor';
import { LedgerJobsService } from './ledger-jobs.service';

@Module({
  imports: [TransfersModule, ExpiryModule, ReconciliationModule],
  controllers: [LedgerJobsController],
  providers: [LedgerJobsProcessor, LedgerJobsService],
  exports: [LedgerJobsService],
})
export class LedgerJobsModule {}
