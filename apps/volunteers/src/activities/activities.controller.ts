import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { SignedIn, Public, CurrentUser, OptionalUser, type UserContext, UuidParam } from '@goodloop/common';
import type { Page } from '@goodloop/contracts';

import { ActivitiesService, type ActivityDetailView } from './activities.service';
import type { ActivityView } from './activity.view';
import { CreateActivityDto } from './dto/create-activity.dto';
import { ListActivitiesQuery } from './dto/list-activities.query';

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
  list(@Query() query: ListActivitiesQuery): Promise<Page<ActivityView>> {
    return this.activities.list(query);
  }

  @Get(':id')
  @Public()
  detail(@Param('id', UuidParam()) id: string, @OptionalUser() user?: UserContext): Promise<ActivityDetailView> {
    return this.activities.detail(id, user);
  }
}
