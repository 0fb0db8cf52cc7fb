import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attendance } from '../attendance/entities/attendance.entity';
import { IdentityModule } from '../identity/identity.module';
import { Signup } from '../signups/entities/signup.entity';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';
import { Activity } from './entities/activity.entity';

@Module({
  // Signup and Attendance are read here only to answer `mySignup` on an activity's page.
  imports: [TypeOrmModule.forFeature([Activity, Signup, Attendance]), IdentityModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
