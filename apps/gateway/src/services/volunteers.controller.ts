import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserContext } from '@goodloop/common';
import type { Response } from 'express';
import { AuthUser, OptionalAuthUser, Public, SignedIn } from '../auth/auth.decorators';
import { UuidParam } from '@goodloop/common';
import { ApiErrorResponses } from '../openapi/api-error';
import { PageQuery } from './dto/page.dto';
import {
  ActivityPageView,
  ActivityView,
  AttendancePageView,
  AttendanceView,
  MySignupPageView,
  RosterPageView,
  SignupView,
} from './dto/views';
import { CreateActivityDto, ListActivitiesQuery, RecordAttendanceDto, VerifyAttendanceDto } from './dto/volunteers.dto';
import { IdempotencyKey } from './idempotency-key';
import { relay, ServicesClient } from './services.client';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Apply this write once, however often it is sent',
};

/** Activities, signups and attendance: validated here, answered by the volunteers service. */
@ApiTags('activities')
@ApiBearerAuth()
@SignedIn()
@Controller()
export class VolunteersController {
  constructor(private readonly services: ServicesClient) {}

  @Post('activities')
  @ApiOperation({ summary: 'Publish an activity (organizer of orgId, admin)' })
  @ApiCreatedResponse({ type: ActivityView })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503)
  async createActivity(@AuthUser() user: UserContext, @Body() dto: CreateActivityDto, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('volunteers', { method: 'POST', path: '/internal/activities', user, body: dto }));
  }

  @Get('activities')
  @Public()
  @ApiOperation({ summary: 'Activities, soonest first (anyone)' })
  @ApiOkResponse({ type: ActivityPageView })
  @ApiErrorResponses(400, 503)
  async listActivities(
    @OptionalAuthUser() user: UserContext | undefined,
    @Query() query: ListActivitiesQuery,
    @Res() res: Response,
  ): Promise<void> {
    relay(res, await this.services.call('volunteers', { method: 'GET', path: '/internal/activities', user, query }));
  }

  @Get('activities/:id')
  @Public()
  @ApiOperation({ summary: 'One activity (anyone); signed in, also mySignup' })
  @ApiOkResponse({ type: ActivityView })
  @ApiErrorResponses(400, 404, 503)
  async getActivity(
    @OptionalAuthUser() user: UserContext | undefined,
    @Param('id', UuidParam()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    relay(res, await this.services.call('volunteers', { method: 'GET', path: `/internal/activities/${id}`, user }));
  }

  @Post('activities/:id/signups')
  @ApiOperation({ summary: 'Sign up (confirmed, or waitlisted when full)' })
  @ApiCreatedResponse({ type: SignupView })
  @ApiErrorResponses(400, 401, 404, 409, 429, 503)
  async signUp(@AuthUser() user: UserContext, @Param('id', UuidParam()) id: string, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('volunteers', { method: 'POST', path: `/internal/activities/${id}/signups`, user }));
  }

  @Delete('activities/:id/signups/me')
  @ApiOperation({ summary: 'Cancel my signup; the first on the waitlist moves up' })
  @ApiOkResponse({ type: SignupView })
  @ApiErrorResponses(400, 401, 404, 409, 429, 503)
  async cancelSignup(@AuthUser() user: UserContext, @Param('id', UuidParam()) id: string, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('volunteers', { method: 'DELETE', path: `/internal/activities/${id}/signups/me`, user }));
  }

  @Get('activities/:id/signups')
  @ApiOperation({ summary: 'Signups with names and attendance (organizer of the activity)' })
  @ApiOkResponse({ type: RosterPageView })
  @ApiErrorResponses(400, 401, 403, 404, 503)
  async listSignups(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Query() query: PageQuery,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('volunteers', { method: 'GET', path: `/internal/activities/${id}/signups`, user, query }),
    );
  }

  @Get('me/signups')
  @ApiTags('me')
  @ApiOperation({ summary: 'My signups with their activities' })
  @ApiOkResponse({ type: MySignupPageView })
  @ApiErrorResponses(400, 401, 503)
  async mySignups(@AuthUser() user: UserContext, @Query() query: PageQuery, @Res() res: Response): Promise<void> {
    relay(res, await this.services.call('volunteers', { method: 'GET', path: '/internal/me/signups', user, query }));
  }

  @Post('activities/:id/attendance')
  @ApiTags('attendance')
  @ApiOperation({
    summary: 'Check in or out',
    description: 'Organizer: `{ userId, action }`. Resident: `{ action, code }` with the six-digit code while the activity runs.',
  })
  @ApiCreatedResponse({ type: AttendanceView })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503)
  async recordAttendance(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: RecordAttendanceDto,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('volunteers', { method: 'POST', path: `/internal/activities/${id}/attendance`, user, body: dto }),
    );
  }

  @Get('activities/:id/attendance')
  @ApiTags('attendance')
  @ApiOperation({ summary: 'Attendance records (organizer of the activity)' })
  @ApiOkResponse({ type: AttendancePageView })
  @ApiErrorResponses(400, 401, 403, 404, 503)
  async listAttendance(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Query() query: PageQuery,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('volunteers', { method: 'GET', path: `/internal/activities/${id}/attendance`, user, query }),
    );
  }

  @Post('attendance/:id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiTags('attendance')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Verify hours (organizer of the activity); a changed number of minutes needs a reason' })
  @ApiOkResponse({ type: AttendanceView })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503)
  async verifyAttendance(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: VerifyAttendanceDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    relay(
      res,
      await this.services.call('volunteers', {
        method: 'POST',
        path: `/internal/attendance/${id}/verify`,
        user,
        body: dto,
        idempotencyKey,
      }),
    );
  }
}
