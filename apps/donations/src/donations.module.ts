import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, HealthModule, MessagingModule } from '@goodloop/common';
import { DonationsService } from './cash/donations.service';
import { PAYMENT_PROVIDER } from './cash/payment-provider';
import { ReceiptsService } from './cash/receipts.service';
import { SandboxPaymentProvider } from './cash/sandbox.provider';
import { DonationsConfig } from './config/env';
import { DafService } from './cash/daf.service';
import { donationsDataSourceOptions } from './database/data-source';
import { FundsController, InKindController } from './donations.controller';
import { FundsService } from './cash/funds.service';
import { IdentityConsumer } from './identity/identity.consumer';
import { OrgsService } from './identity/orgs.service';
import { ImpactService } from './in-kind/impact.service';
import { MatchAllocationsConsumer } from './in-kind/match-allocations.consumer';
import { DonationJobNames, DonationJobs } from './jobs/donation-jobs.service';
import { LedgerEventsConsumer } from './ledger-events/ledger-events.consumer';
import { PledgesService } from './in-kind/pledges.service';
import { RedemptionsService } from './in-kind/redemptions.service';
import { RewardsService } from './in-kind/rewards.service';
import { SagaSignal } from './shared/saga-signal';
import { StatusModule } from './status/status.module';

/**
 * The donations service. One module: its features share the outbox, the saga signal and the
 * job queue, and are read best in their folders (cash, daf, funds, pledges, rewards, redemptions).
 */
@Module({})
export class DonationsModule {
  static forRoot(config: DonationsConfig): DynamicModule {
    return {
      module: DonationsModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(donationsDataSourceOptions(config)),
        // The ledger's answers for different residents come on different partitions: they are applied side by side.
        MessagingModule.forRoot({ service: 'donations', config, partitionsConsumedConcurrently: config.KAFKA_PARTITIONS * 2 }),
        createLoggerModule('donations', config.LOG_LEVEL),
        HealthModule,
        StatusModule,
      ],
      controllers: [FundsController, InKindController, IdentityConsumer, LedgerEventsConsumer, MatchAllocationsConsumer],
      providers: [
        { provide: DonationsConfig, useValue: config },
        DonationJobs,
        SagaSignal,
        SandboxPaymentProvider,
        { provide: PAYMENT_PROVIDER, useExisting: SandboxPaymentProvider },
        OrgsService,
        FundsService,
        DonationsService,
        ReceiptsService,
        DafService,
        PledgesService,
        RewardsService,
        RedemptionsService,
        ImpactService,
        {
          // The sandbox's delayed confirmations run on the queue.
          provide: 'SANDBOX_JOB',
          inject: [DonationJobs, SandboxPaymentProvider],
          useFactory: (jobs: DonationJobs, sandbox: SandboxPaymentProvider) => {
            jobs.handle(DonationJobNames.SandboxConfirm, (data) =>
              sandbox.confirm(data as Parameters<SandboxPaymentProvider['confirm']>[0]),
            );
            return true;
          },
        },
      ],
      exports: [DonationsConfig, DonationJobs, RedemptionsService, DonationsService],
    };
  }
}
