import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CurrentUser, OptionalUser, Public, SignedIn, UuidParam, type UserContext } from '@goodloop/common';
import {
  CancelDto,
  CreateDonationDto,
  CreateFundDto,
  CreatePledgeDto,
  CreateRecommendationDto,
  CreateRedemptionDto,
  CreateRewardDto,
  DeclineRecommendationDto,
  FulfilByCodeDto,
  FulfilRedemptionDto,
  ImpactQuery,
  ListFundsQuery,
  ListPledgesQuery,
  ListRedemptionsQuery,
  ListRewardsQuery,
  MyDonationsQuery,
  OpenDafDto,
  ReceivePledgeDto,
  type CreatedDonationView,
  type DafView,
  type DonationPageView,
  type DonationView,
  type FundListView,
  type FundView,
  type ImpactView,
  type PledgePageView,
  type PledgeView,
  type RecommendationListView,
  type RecommendationView,
  type RecurringDonationView,
  type RedemptionPageView,
  type RedemptionView,
  type RewardPageView,
  type RewardView,
  type WebhookResultView,
} from '@goodloop/contracts';
import type { Request, Response } from 'express';
import { DonationsService } from './cash/donations.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './cash/payment-provider';
import { ReceiptsService } from './cash/receipts.service';
import { DafService } from './cash/daf.service';
import { renderImpactCsv, renderImpactPdf } from './documents/impact-report';
import { FundsService } from './cash/funds.service';
import { ImpactService } from './in-kind/impact.service';
import { PledgesService } from './in-kind/pledges.service';
import { RedemptionsService } from './in-kind/redemptions.service';
import { RewardsService } from './in-kind/rewards.service';

function languageOf(request: Request): 'zh-CN' | 'en' {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^en\b/i.test(header.trim()) ? 'en' : 'zh-CN';
}

/** Funds, cash gifts, receipts and donor-advised funds (relayed by the gateway: docs/api.md, "Donations"). */
@SignedIn()
@Controller('internal')
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly donations: DonationsService,
    private readonly receipts: ReceiptsService,
    private readonly daf: DafService,
  ) {}

  @Get('funds')
  @Public()
  list(@Query() query: ListFundsQuery): Promise<FundListView> {
    return this.funds.list(query);
  }

  @Post('funds')
  create(@Body() dto: CreateFundDto, @CurrentUser() user: UserContext): Promise<FundView> {
    return this.funds.create(dto, user);
  }

  @Post('donations')
  donate(@Body() dto: CreateDonationDto, @CurrentUser() user: UserContext): Promise<CreatedDonationView> {
    return this.donations.create(dto, user);
  }

  /** The provider's confirmation: checked against the raw bytes it signed (see DonationsService.webhook). */
  @Post('payments/webhook')
  @Public()
  @HttpCode(HttpStatus.OK)
  webhook(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
  ): Promise<WebhookResultView> {
    return this.donations.webhook({ rawBody: request.rawBody ?? Buffer.alloc(0), timestamp, signature });
  }

  @Get('donations/:id')
  async donation(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<DonationView> {
    return this.donations.view(await this.donations.get(id, user));
  }

  @Get('donations/:id/receipt')
  async receipt(
    @Param('id', UuidParam()) id: string,
    @CurrentUser() user: UserContext,
    @Res() response: Response,
  ): Promise<void> {
    const { pdf, fileName } = await this.receipts.pdfOf(await this.donations.get(id, user));
    response.setHeader('content-type', 'application/pdf');
    response.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    response.status(200).send(pdf);
  }

  @Get('users/:userId/donations')
  mine(@CurrentUser() user: UserContext, @Query() query: MyDonationsQuery): Promise<DonationPageView> {
    return this.donations.mine(user, query);
  }

  @Get('users/:userId/recurring-donations')
  myRecurring(@CurrentUser() user: UserContext): Promise<{ items: RecurringDonationView[] }> {
    return this.donations.myRecurring(user);
  }

  @Post('recurring-donations/:id/cancel')
  @HttpCode(HttpStatus.OK)
  cancelRecurring(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<RecurringDonationView> {
    return this.donations.cancelRecurring(id, user);
  }

  @Post('daf')
  openDaf(@Body() dto: OpenDafDto, @CurrentUser() user: UserContext): Promise<FundView> {
    return this.funds.openDaf(dto, user);
  }

  @Get('users/:userId/daf')
  myDafs(@CurrentUser() user: UserContext): Promise<FundListView> {
    return this.funds.mine(user);
  }

  @Get('daf/:id')
  dafDetail(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<DafView> {
    return this.daf.get(id, user);
  }

  @Post('daf/:id/recommendations')
  recommend(
    @Param('id', UuidParam()) id: string,
    @Body() dto: CreateRecommendationDto,
    @CurrentUser() user: UserContext,
  ): Promise<RecommendationView> {
    return this.daf.recommend(id, dto, user);
  }

  @Get('recommendations')
  recommendations(@CurrentUser() user: UserContext): Promise<RecommendationListView> {
    return this.daf.pending(user);
  }

  @Post('recommendations/:id/approve')
  @HttpCode(HttpStatus.OK)
  approve(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<RecommendationView> {
    return this.daf.approve(id, user);
  }

  @Post('recommendations/:id/decline')
  @HttpCode(HttpStatus.OK)
  decline(
    @Param('id', UuidParam()) id: string,
    @Body() dto: DeclineRecommendationDto,
    @CurrentUser() user: UserContext,
  ): Promise<RecommendationView> {
    return this.daf.decline(id, dto.reason, user);
  }
}

/** Pledges, rewards, redemptions and impact (docs/api.md, "In kind and rewards"). */
@SignedIn()
@Controller('internal')
export class InKindController {
  constructor(
    private readonly pledges: PledgesService,
    private readonly rewards: RewardsService,
    private readonly redemptions: RedemptionsService,
    private readonly impact: ImpactService,
  ) {}

  @Post('pledges')
  pledge(@Body() dto: CreatePledgeDto, @CurrentUser() user: UserContext): Promise<PledgeView> {
    return this.pledges.create(dto, user);
  }

  @Get('pledges')
  listPledges(@Query() query: ListPledgesQuery, @CurrentUser() user: UserContext): Promise<PledgePageView> {
    return this.pledges.list(query, user);
  }

  @Get('pledges/:id')
  getPledge(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<PledgeView> {
    return this.pledges.get(id, user);
  }

  @Post('pledges/:id/receive')
  @HttpCode(HttpStatus.OK)
  receive(
    @Param('id', UuidParam()) id: string,
    @Body() dto: ReceivePledgeDto,
    @CurrentUser() user: UserContext,
  ): Promise<PledgeView> {
    return this.pledges.receive(id, dto, user);
  }

  @Post('pledges/:id/cancel')
  @HttpCode(HttpStatus.OK)
  cancelPledge(
    @Param('id', UuidParam()) id: string,
    @Body() dto: CancelDto,
    @CurrentUser() user: UserContext,
  ): Promise<PledgeView> {
    return this.pledges.cancel(id, dto, user);
  }

  @Post('rewards')
  createReward(@Body() dto: CreateRewardDto, @CurrentUser() user: UserContext): Promise<RewardView> {
    return this.rewards.create(dto, user);
  }

  @Get('rewards')
  @Public()
  catalogue(@Query() query: ListRewardsQuery, @OptionalUser() user?: UserContext): Promise<RewardPageView> {
    return this.rewards.list(query, user);
  }

  @Get('rewards/:id')
  @Public()
  reward(@Param('id', UuidParam()) id: string, @OptionalUser() user?: UserContext): Promise<RewardView> {
    return this.rewards.get(id, user);
  }

  /** 201 `held` with the pickup code; 202 `holding` when the ledger has not answered in time. */
  @Post('redemptions')
  async redeem(
    @Body() dto: CreateRedemptionDto,
    @CurrentUser() user: UserContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RedemptionView> {
    const { view, settled } = await this.redemptions.redeem(dto, user, idempotencyKey);
    response.status(settled ? HttpStatus.CREATED : HttpStatus.ACCEPTED);
    return view;
  }

  @Get('users/:userId/redemptions')
  myRedemptions(@CurrentUser() user: UserContext, @Query() query: ListRedemptionsQuery): Promise<RedemptionPageView> {
    return this.redemptions.mine(user, query);
  }

  @Get('redemptions/:id')
  redemption(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<RedemptionView> {
    return this.redemptions.get(id, user);
  }

  @Get('orgs/:id/redemptions')
  orgRedemptions(
    @Param('id', UuidParam()) id: string,
    @CurrentUser() user: UserContext,
    @Query() query: ListRedemptionsQuery,
  ): Promise<RedemptionPageView> {
    return this.redemptions.ofOrg(id, user, query);
  }

  @Post('redemptions/:id/fulfil')
  @HttpCode(HttpStatus.OK)
  fulfil(
    @Param('id', UuidParam()) id: string,
    @Body() dto: FulfilRedemptionDto,
    @CurrentUser() user: UserContext,
  ): Promise<RedemptionView> {
    return this.redemptions.fulfil(id, dto.code, user);
  }

  @Post('pickups')
  @HttpCode(HttpStatus.OK)
  pickup(@Body() dto: FulfilByCodeDto, @CurrentUser() user: UserContext): Promise<RedemptionView> {
    return this.redemptions.fulfilByCode(dto.orgId, dto.code, user);
  }

  @Post('redemptions/:id/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(@Param('id', UuidParam()) id: string, @CurrentUser() user: UserContext): Promise<RedemptionView> {
    return this.redemptions.cancel(id, user);
  }

  @Get('orgs/:id/impact')
  async impactOf(
    @Param('id', UuidParam()) id: string,
    @Query() query: ImpactQuery,
    @CurrentUser() user: UserContext,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImpactView | Buffer | string> {
    const view = await this.impact.of(id, user);
    const language = languageOf(request);
    const stamp = view.generatedAt.slice(0, 10);
    if (query.format === 'csv') {
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader('content-disposition', `attachment; filename="impact-${stamp}.csv"`);
      return renderImpactCsv(view, language);
    }
    if (query.format === 'pdf') {
      response.setHeader('content-type', 'application/pdf');
      response.setHeader('content-disposition', `attachment; filename="impact-${stamp}.pdf"`);
      return renderImpactPdf(view, language);
    }
    return view;
  }
}
