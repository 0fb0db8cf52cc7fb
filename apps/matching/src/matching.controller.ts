import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { CurrentUser, Public, SignedIn, UuidParam, type UserContext } from '@goodloop/common';
import {
  BENEFICIARY_NAMES,
  CloseNeedDto,
  CreateNeedDto,
  DeclineMatchDto,
  ITEM_CATEGORY_NAMES,
  ListMatchesQuery,
  ListNeedsQuery,
  ListOffersQuery,
  PageQuery,
  SKILL_NAMES,
  StartRunDto,
  type CatalogueView,
  type MatchPageView,
  type MatchView,
  type NeedPageView,
  type NeedView,
  type OfferPageView,
  type RunPageView,
  type RunStartedView,
  type RunView,
} from '@goodloop/contracts';
import { MatchesService } from './matches/matches.service';
import { NeedsService } from './needs/needs.service';
import { OffersService } from './offers/offers.service';
import { RunsService } from './runs/runs.service';

const named = (table: Record<string, { 'zh-CN': string; en: string }>) =>
  Object.entries(table).map(([code, name]) => ({ code, name }));

/** Needs, offers, runs and matches (relayed by the gateway: docs/api.md, "Matching"). */
@SignedIn()
@Controller('internal')
export class MatchingController {
  constructor(
    private readonly needs: NeedsService,
    private readonly offers: OffersService,
    private readonly runs: RunsService,
    private readonly matches: MatchesService,
  ) {}

  @Get('matching/catalogue')
  @Public()
  catalogue(): CatalogueView {
    return { itemCategories: named(ITEM_CATEGORY_NAMES), skills: named(SKILL_NAMES), beneficiaries: named(BENEFICIARY_NAMES) };
  }

  @Post('needs')
  createNeed(@Body() dto: CreateNeedDto, @CurrentUser() user: UserContext): Promise<NeedView> {
    return this.needs.create(dto, user);
  }

  @Get('needs')
  @Public()
  listNeeds(@Query() query: ListNeedsQuery): Promise<NeedPageView> {
    return this.needs.list(query);
  }

  @Get('needs/:id')
  @Public()
  getNeed(@Param('id', UuidParam()) id: string): Promise<NeedView> {
    return this.needs.get(id);
  }

  @Post('needs/:id/close')
  @HttpCode(HttpStatus.OK)
  closeNeed(@Param('id', UuidParam()) id: string, @Body() dto: CloseNeedDto, @CurrentUser() user: UserContext): Promise<NeedView> {
    return this.needs.close(id, dto, user);
  }

  @Get('offers')
  listOffers(@Query() query: ListOffersQuery, @CurrentUser() user: UserContext): Promise<OfferPageView> {
    return this.offers.list(query, user);
  }

  @Post('matching/runs')
  @HttpCode(HttpStatus.ACCEPTED)
  startRun(@Body() dto: StartRunDto, @CurrentUser() user: UserContext): Promise<RunStartedView> {
    return this.runs.start(dto, user);
  }

  @Get('matching/runs')
  listRuns(@Query() query: PageQuery, @CurrentUser() user: UserContext): Promise<RunPageView> {
    return this.runs.list(query, user);
  }

  @Get('matching/runs/:id')
  getRun(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<RunView> {
    return this.runs.get(id, user);
  }

  @Get('matches')
  listMatches(@Query() query: ListMatchesQuery, @CurrentUser() user: UserContext): Promise<MatchPageView> {
    return this.matches.list(query, user);
  }

  @Post('matches/:id/accept')
  @HttpCode(HttpStatus.OK)
  accept(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<MatchView> {
    return this.matches.accept(id, user);
  }

  @Post('matches/:id/decline')
  @HttpCode(HttpStatus.OK)
  decline(@Param('id', UuidParam()) id: string, @Body() dto: DeclineMatchDto, @CurrentUser() user: UserContext): Promise<MatchView> {
    return this.matches.decline(id, dto, user);
  }
}
