import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { SignedIn, CurrentUser, type UserContext, UuidParam } from '@goodloop/common';
import {
  PageQuery,
  RecordAttendanceDto,
  RejectAttendanceRaiseDto,
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

  /** A second manager approves a raise waiting in pending_approval (two-person rule). */
  @Post('attendance/:id/approve')
  @HttpCode(HttpStatus.OK)
  approve(@Param('id', UuidParam()) attendanceId: string, @CurrentUser() user: UserContext): Promise<AttendanceView> {
    return this.attendance.approveRaise(attendanceId, user);
  }

  /** A second manager rejects a raise waiting in pending_approval, with a reason. */
  @Post('attendance/:id/reject')
  @HttpCode(HttpStatus.OK)
  reject(
    @Param('id', UuidParam()) attendanceId: string,
    @CurrentUser() user: UserContext,
    @Body() dto: RejectAttendanceRaiseDto,
  ): Promise<AttendanceView> {
    return this.attendance.rejectRaise(attendanceId, user, dto);
  }
}
