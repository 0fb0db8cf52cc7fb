import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivitiesModule } from '../activities/activities.module';
import { AttendanceRecordsModule } from '../attendance/attendance-records.module';
import { IdentityModule } from '../identity/identity.module';
import { Signup } from './entities/signup.entity';
import { SignupsController } from './signups.controller';
import { SignupsService } from './signups.service';

@Module({
  imports: [TypeOrmModule.forFeature([Signup]), ActivitiesModule, AttendanceRecordsModule, IdentityModule],
  controllers: [SignupsController],
  providers: [SignupsService],
})
export class SignupsModule {}
