import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { CurrentUser, type UserContext } from '@goodloop/common';
import { PageQuery, type Page } from '../shared/page';
import { uuidParam } from '../shared/validation';
import type { RosterEntryView, SignupView } from './signup.view';
import { SignupsService, type MySignupView } from './signups.service';

@Controller('internal')
export class SignupsController {
  constructor(private readonly signups: SignupsService) {}

  @Post('activities/:id/signups')
  signUp(@Param('id', uuidParam()) activityId: string, @CurrentUser() user: UserContext): Promise<SignupView> {
    return this.signups.signUp(activityId, user);
  }

  @Delete('activities/:id/signups/me')
  @HttpCode(HttpStatus.OK)
  cancelMine(@Param('id', uuidParam()) activityId: string, @CurrentUser() user: UserContext): Promise<SignupView> {
    return this.signups.cancelMine(activityId, user);
  }

  @Get('activities/:id/signups')
  roster(
    @Param('id', uuidParam()) activityId: string,
    @CurrentUser() user: UserContext,
    @Query() page: PageQuery,
  ): Promise<Page<RosterEntryView>> {
    return this.signups.roster(activityId, user, page);
  }

  @Get('me/signups')
  mine(@CurrentUser() user: UserContext, @Query() page: PageQuery): Promise<Page<MySignupView>> {
    return this.signups.mine(user, page);
  }
}
