import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { SignedIn, Access, CurrentUser, type UserContext } from '@goodloop/common';

import { canPostTransfers } from '../access/ledger-access';
import { CreateEarnRuleDto, type EarnRuleListView, type EarnRuleView } from '@goodloop/contracts';
import { EarnRulesService } from './earn-rules.service';

/** A programme's earn rules: anyone may read how points are earned; admins add versions. */
@Controller('internal/programmes/:programmeId/earn-rules')
export class EarnRulesController {
  constructor(private readonly rules: EarnRulesService) {}

  @Get()
  @SignedIn()
  async list(@Param('programmeId') programmeId: string): Promise<EarnRuleListView> {
    return { items: await this.rules.list(programmeId) };
  }

  @Post()
  @Access(canPostTransfers, 'Only admins may change earn rules')
  create(
    @CurrentUser() user: UserContext,
    @Param('programmeId') programmeId: string,
    @Body() body: CreateEarnRuleDto,
  ): Promise<EarnRuleView> {
    return this.rules.create(programmeId, body, `user:${user.id}`);
  }
}
