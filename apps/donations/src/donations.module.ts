import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, HealthModule, MessagingModule } from '@goodloop/common';
import { DonationsConfig } from './config/env';
import { donationsDataSourceOptions } from './database/data-source';
import { StatusModule } from './status/status.module';

@Module({})
export class DonationsModule {
  static forRoot(config: DonationsConfig): DynamicModule {
    return {
      module: DonationsModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(donationsDataSourceOptions(config)),
        MessagingModule.forRoot({ service: 'donations', config }),
        createLoggerModule('donations', config.LOG_LEVEL),
        HealthModule,
        StatusModule,
      ],
      providers: [{ provide: DonationsConfig, useValue: config }],
      exports: [DonationsConfig],
    };
  }
}
