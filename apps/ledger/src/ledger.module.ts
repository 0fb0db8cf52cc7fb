import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, HealthModule, MessagingModule } from '@goodloop/common';
import { AccountsModule } from './accounts/accounts.module';
import { LedgerConfig } from './config/env';
import { ledgerDataSourceOptions } from './database/data-source';
import { ChainModule } from './chain/chain.module';
import { EarnModule } from './earn/earn.module';
import { ExpiryModule } from './expiry/expiry.module';
import { LedgerJobsModule } from './jobs/ledger-jobs.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { TransfersModule } from './transfers/transfers.module';
import { TrialBalanceModule } from './trial-balance/trial-balance.module';
import { WalletsModule } from './wallets/wallets.module';

@Module({})
export class LedgerModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(ledgerDataSourceOptions(config)),
        MessagingModule.forRoot({ service: 'ledger', config, partitionsConsumedConcurrently: config.KAFKA_PARTITIONS }),
        createLoggerModule('ledger', config.LOG_LEVEL),
        HealthModule,
        AccountsModule,
        TransfersModule,
        EarnModule,
        WalletsModule,
        TrialBalanceModule,
        ChainModule,
        ExpiryModule,
        ReconciliationModule,
        LedgerJobsModule,
      ],
      providers: [{ provide: LedgerConfig, useValue: config }],
      exports: [LedgerConfig],
    };
  }
}
