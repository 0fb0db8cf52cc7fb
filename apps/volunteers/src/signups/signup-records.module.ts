import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Signup } from './entities/signup.entity';
import { SignupRecords } from './signup-records.service';

/** The signups table as other features see it (see SignupRecords). */
@Module({
  imports: [TypeOrmModule.forFeature([Signup])],
  providers: [SignupRecords],
  exports: [SignupRecords],
})
export class SignupRecordsModule {}
