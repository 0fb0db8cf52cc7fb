import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { SignedIn, CurrentUser, type UserContext, UuidParam } from '@goodloop/common';
import {
  PageQuery,
  RecordAttendanceDto,
  VerifyAttendanceDto,
  type AttendancePageView,
  type AttendanceView,
} from '@goodloop/contracts';

import { AttendanceService } from './attendance.service';

@SignedIn()
@Controller('internal')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Post('activities/:id/attendance')
  record(
    @Param('id', UuidParam()) activityId: string,
    @CurrentUser() user: UserContext,
    @Body() dto: RecordAttendanceDto,
  ): Promise<AttendanceView> {
    return this.attendance.record(activityId, user, dto);
  }

  @Get('activities/:id/attendance')
  list(
    @Param('id', UuidParam()) activityId: string,
    @CurrentUser() user: UserContext,
    @Query() page: PageQuery,
  ): Promise<AttendancePageView> {
    return this.attendance.listForActivity(activityId, user, page);
  }

  @Post('attendance/:id/verify')
  @HttpCode(HttpStatus.OK)
  verify(
    @Param('id', UuidParam()) attendanceId: string,
    @CurrentUser() user: UserContext,
    @Body() dto: VerifyAttendanceDto,
  ): Promise<AttendanceView> {
    return this.attendance.verify(attendanceId, user, dto);
  }
}
