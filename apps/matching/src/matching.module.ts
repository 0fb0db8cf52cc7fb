import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, HealthModule, MessagingModule } from '@goodloop/common';
import { MatchingConfig } from './config/env';
import { matchingDataSourceOptions } from './database/data-source';
import { IdentityConsumer } from './identity/identity.consumer';
import { OrgsService } from './identity/orgs.service';
import { MatchingJobs } from './jobs/matching-jobs.service';
import { AllocationsConsumer } from './matches/allocations.consumer';
import { MatchesService } from './matches/matches.service';
import { MatchingController } from './matching.controller';
import { NeedsService } from './needs/needs.service';
import { OffersConsumer } from './offers/offers.consumer';
import { OffersService } from './offers/offers.service';
import { RunsService } from './runs/runs.service';
import { StatusModule } from './status/status.module';

/**
 * The matching service: community needs, the offers read model, runs of the engine and the
 * matches they propose. One module: the features share the outbox and the job queue, and read
 * best in their folders (needs, offers, runs, matches, engine).
 */
@Module({})
export class MatchingModule {
  static forRoot(config: MatchingConfig): DynamicModule {
    return {
      module: MatchingModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(matchingDataSourceOptions(config)),
        MessagingModule.forRoot({ service: 'matching', config }),
        createLoggerModule('matching', config.LOG_LEVEL),
        HealthModule,
        StatusModule,
      ],
      controllers: [MatchingController, IdentityConsumer, OffersConsumer, AllocationsConsumer],
      providers: [
        { provide: MatchingConfig, useValue: config },
        MatchingJobs,
        OrgsService,
        NeedsService,
        OffersService,
        MatchesService,
        RunsService,
      ],
      exports: [MatchingConfig, MatchingJobs, RunsService],
    };
  }
}
