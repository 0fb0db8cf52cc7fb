import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createLoggerModule, HealthModule, MessagingModule } from '@goodloop/common';
import { ActivitiesModule } from './activities/activities.module';
import { AttendanceModule } from './attendance/attendance.module';
import { VolunteersConfig } from './config/env';
import { volunteersDataSourceOptions } from './database/data-source';
import { IdentityModule } from './identity/identity.module';
import { ProfilesModule } from './profiles/profiles.module';
import { SignupsModule } from './signups/signups.module';

@Module({})
export class VolunteersModule {
  static forRoot(config: VolunteersConfig): DynamicModule {
    return {
      module: VolunteersModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(volunteersDataSourceOptions(config)),
        MessagingModule.forRoot({ service: 'volunteers', config }),
        createLoggerModule('volunteers', config.LOG_LEVEL),
        HealthModule,
        IdentityModule,
        ActivitiesModule,
        SignupsModule,
        AttendanceModule,
        ProfilesModule,
      ],
      providers: [{ provide: VolunteersConfig, useValue: config }],
      exports: [VolunteersConfig],
    };
  }
}
