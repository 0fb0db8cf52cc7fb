import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentUser, type UserContext } from '@goodloop/common';
import { AccessGuard, AllowOnly } from '../access/access.guard';
import { canPostTransfers } from '../access/ledger-access';
import { CreateEarnRuleDto } from './dto/create-earn-rule.dto';
import { EarnRulesService, type EarnRuleView } from './earn-rules.service';

/** A programme's earn rules: anyone may read how points are earned; admins add versions. */
@Controller('internal/programmes/:programmeId/earn-rules')
@UseGuards(AccessGuard)
export class EarnRulesController {
  constructor(private readonly rules: EarnRulesService) {}

  @Get()
  async list(@Param('programmeId') programmeId: string): Promise<{ items: EarnRuleView[] }> {
    return { items: await this.rules.list(programmeId) };
  }

  @Post()
  @AllowOnly(canPostTransfers, 'Only admins may change earn rules')
  create(
    @CurrentUser() user: UserContext,
    @Param('programmeId') programmeId: string,
    @Body() body: CreateEarnRuleDto,
  ): Promise<EarnRuleView> {
    return this.rules.create(programmeId, body, `user:${user.id}`);
  }
}
