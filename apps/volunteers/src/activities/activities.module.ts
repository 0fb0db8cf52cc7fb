import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttendanceRecordsModule } from '../attendance/attendance-records.module';
import { IdentityModule } from '../identity/identity.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { SignupRecordsModule } from '../signups/signup-records.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';
import { Activity } from './entities/activity.entity';

@Module({
  // Signups and attendance are read here only to answer `mySignup` on an activity's page.
  imports: [TypeOrmModule.forFeature([Activity]), SignupRecordsModule, AttendanceRecordsModule, IdentityModule, ProgrammesModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
