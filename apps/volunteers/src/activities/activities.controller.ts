import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { SignedIn, Public, CurrentUser, OptionalUser, type UserContext, UuidParam } from '@goodloop/common';
import {
  CreateActivityDto,
  ListActivitiesQuery,
  type ActivityDetailView,
  type ActivityPageView,
  type ActivityView,
} from '@goodloop/contracts';

import { ActivitiesService } from './activities.service';

/** Relayed 1:1 by the gateway from `/api/v1/activities`. */
@Controller('internal/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @SignedIn()
  create(@CurrentUser() user: UserContext, @Body() dto: CreateActivityDto): Promise<ActivityView> {
    return this.activities.create(user, dto);
  }

  @Get()
  @Public()
  list(@Query() query: ListActivitiesQuery): Promise<ActivityPageView> {
    return this.activities.list(query);
  }

  @Get(':id')
  @Public()
  detail(@Param('id', UuidParam()) id: string, @OptionalUser() user?: UserContext): Promise<ActivityDetailView> {
    return this.activities.detail(id, user);
  }
}
