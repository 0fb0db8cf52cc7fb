import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { SignedIn, CurrentUser, type UserContext, UuidParam } from '@goodloop/common';
import { PageQuery, type MySignupPageView, type RosterPageView, type SignupView } from '@goodloop/contracts';

import { SignupsService } from './signups.service';

@SignedIn()
@Controller('internal')
export class SignupsController {
  constructor(private readonly signups: SignupsService) {}

  @Post('activities/:id/signups')
  signUp(@Param('id', UuidParam()) activityId: string, @CurrentUser() user: UserContext): Promise<SignupView> {
    return this.signups.signUp(activityId, user);
  }

  @Delete('activities/:id/signups/me')
  @HttpCode(HttpStatus.OK)
  cancelMine(@Param('id', UuidParam()) activityId: string, @CurrentUser() user: UserContext): Promise<SignupView> {
    return this.signups.cancelMine(activityId, user);
  }

  @Get('activities/:id/signups')
  roster(
    @Param('id', UuidParam()) activityId: string,
    @CurrentUser() user: UserContext,
    @Query() page: PageQuery,
  ): Promise<RosterPageView> {
    return this.signups.roster(activityId, user, page);
  }

  @Get('me/signups')
  mine(@CurrentUser() user: UserContext, @Query() page: PageQuery): Promise<MySignupPageView> {
    return this.signups.mine(user, page);
  }
}
