import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, HealthModule, MessagingModule } from '@goodloop/common';
import { __Name__Config } from './config/env';
import { __camel__DataSourceOptions } from './database/data-source';
import { StatusModule } from './status/status.module';

@Module({})
export class __Name__Module {
  static forRoot(config: __Name__Config): DynamicModule {
    return {
      module: __Name__Module,
      global: true,
      imports: [
        TypeOrmModule.forRoot(__camel__DataSourceOptions(config)),
        MessagingModule.forRoot({ service: '__name__', config }),
        createLoggerModule('__name__', config.LOG_LEVEL),
        HealthModule,
        StatusModule,
      ],
      providers: [{ provide: __Name__Config, useValue: config }],
      exports: [__Name__Config],
    };
  }
}
