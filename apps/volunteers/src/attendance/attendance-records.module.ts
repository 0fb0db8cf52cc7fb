import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attendance } from './entities/attendance.entity';
import { AttendanceRecords } from './attendance-records.service';

/** The attendance table as other features see it (see AttendanceRecords). */
@Module({
  imports: [TypeOrmModule.forFeature([Attendance])],
  providers: [AttendanceRecords],
  exports: [AttendanceRecords],
})
export class AttendanceRecordsModule {}
