import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { CurrentUser, SignedIn, UuidParam, type UserContext } from '@goodloop/common';
import {
  UpdateVolunteerProfileDto,
  type InvitationOfMatchListView,
  type PublicVolunteerProfileView,
  type VolunteerProfileView,
} from '@goodloop/contracts';
import { ProfilesService } from './profiles.service';

/** Volunteer profiles (relayed by the gateway: docs/api.md, "Volunteer profiles"). */
@SignedIn()
@Controller('internal')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get('me/volunteer-profile')
  mine(@CurrentUser() user: UserContext): Promise<VolunteerProfileView> {
    return this.profiles.mine(user);
  }

  @Put('me/volunteer-profile')
  update(@Body() dto: UpdateVolunteerProfileDto, @CurrentUser() user: UserContext): Promise<VolunteerProfileView> {
    return this.profiles.update(dto, user);
  }

  @Get('me/match-invitations')
  invitations(@CurrentUser() user: UserContext): Promise<InvitationOfMatchListView> {
    return this.profiles.invitations(user);
  }

  @Get('users/:id/volunteer-profile')
  publicView(@Param('id', UuidParam()) userId: string): Promise<PublicVolunteerProfileView> {
    return this.profiles.publicView(userId);
  }

  @Post('users/:id/skills/:skill/confirm')
  @HttpCode(HttpStatus.OK)
  confirm(
    @Param('id', UuidParam()) userId: string,
    @Param('skill') skill: string,
    @CurrentUser() user: UserContext,
  ): Promise<VolunteerProfileView> {
    return this.profiles.confirmSkill(userId, skill, user);
  }
}
