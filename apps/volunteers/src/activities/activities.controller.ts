import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CurrentUser, OptionalUser, type UserContext } from '@goodloop/common';
import type { Page } from '../shared/page';
import { uuidParam } from '../shared/validation';
import { ActivitiesService, type ActivityDetailView } from './activities.service';
import type { ActivityView } from './activity.view';
import { CreateActivityDto } from './dto/create-activity.dto';
import { ListActivitiesQuery } from './dto/list-activities.query';

/** Relayed 1:1 by the gateway from `/api/v1/activities`. */
@Controller('internal/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  create(@CurrentUser() user: UserContext, @Body() dto: CreateActivityDto): Promise<ActivityView> {
    return this.activities.create(user, dto);
  }

  @Get()
  list(@Query() query: ListActivitiesQuery): Promise<Page<ActivityView>> {
    return this.activities.list(query);
  }

  @Get(':id')
  detail(@Param('id', uuidParam()) id: string, @OptionalUser() user?: UserContext): Promise<ActivityDetailView> {
    return this.activities.detail(id, user);
  }
}
