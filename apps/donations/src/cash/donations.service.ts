import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { decodeCursor, CursorKeys, isAdmin, OutboxClient, toPage, type UserContext } from '@goodloop/common';
import {
  PaymentWebhookDto,
  Topics,
  type CreateDonationDto,
  type CreatedDonationView,
  type DonationPageView,
  type DonationView,
  type MyDonationsQuery,
  type RecurringDonationView,
  type WebhookResultView,
} from '@goodloop/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DonationsConfig } from '../config/env';
import { Fund } from './entities/fund.entity';
import { FundsError, FundsErrorCode } from './funds.errors';
import { FundsService } from './funds.service';
import { DonationJobNames, DonationJobs } from '../jobs/donation-jobs.service';
import { chinaYear, managesOrg } from '../shared/access';
import { Donation } from './entities/donation.entity';
import { RecurringDonation } from './entities/recurring-donation.entity';
import { PAYMENT_PROVIDER, signatureMatches, type PaymentProvider } from './payment-provider';

/** `2026-000042`: the year, and the organisation's sequence in it. */
export function receiptNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}

/** The month after `at`, on the same day (clamped to the month's last day). */
export function nextMonth(at: Date): Date {
  const next = new Date(at);
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, last));
  return next;
}

export interface SignedWebhook {
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Cash gifts: a donation waits for its payment; the provider's signed confirmation confirms it
 * once, numbers its receipt and asks the ledger to move the money from the provider's external
 * account into the fund, all in one transaction with the outbox.
 */
@Injectable()
export class DonationsService implements OnModuleInit {
  private readonly logger = new Logger(DonationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: DonationsConfig,
    private readonly funds: FundsService,
    private readonly outbox: OutboxClient,
    private readonly jobs: DonationJobs,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(DonationJobNames.Sweep, () => this.chargeDueMonthlyGifts());
    this.jobs.handle(DonationJobNames.Sweep, () => this.forgetOldSignatures());
  }

  /**
   * A signature older than the timestamp tolerance can never be replayed (its timestamp is
   * refused as stale first), so it need not be kept: an hour beyond the tolerance is dropped.
   */
  async forgetOldSignatures(): Promise<number> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM webhook_signatures WHERE received_at < now() - make_interval(secs => $1)`,
      [this.config.WEBHOOK_TOLERANCE_SECONDS + 3600],
    )) as [unknown[], number];
    return removed;
  }

  async create(dto: CreateDonationDto, user: UserContext): Promise<CreatedDonationView> {
    const fund = await this.funds.get(dto.fundId);
    if (fund.kind === 'daf' && fund.ownerId !== user.id) throw new FundsError(FundsErrorCode.FundClosedToGifts);
    if (dto.amount > fund.maxDonationFen) {
      throw new FundsError(
        FundsErrorCode.DonationAboveLimit,
        `This fund accepts at most ${fund.maxDonationFen} fen in one donation`,
        [{ field: 'amount', errors: [`amount must not be greater than ${fund.maxDonationFen}`] }],
      );
    }
    const id = uuidv7();
    let recurringId: string | null = null;
    const now = new Date();
    if (dto.recurring) {
      recurringId = uuidv7();
      await this.dataSource.getRepository(RecurringDonation).insert({
        id: recurringId,
        fundId: fund.id,
        donorId: user.id,
        donorName: user.displayName,
        amountFen: dto.amount,
        message: dto.message ?? '',
        status: 'active',
        nextChargeAt: nextMonth(now),
      });
    }
    return this.startDonation({
      id,
      fund,
      user,
      amountFen: dto.amount,
      message: dto.message ?? '',
      recurringId,
      period: recurringId ? now.toISOString().slice(0, 7) : null,
    });
  }

  private async startDonation(input: {
    id: string;
    fund: Fund;
    user: Pick<UserContext, 'id' | 'displayName'>;
    amountFen: number;
    message: string;
    recurringId: string | null;
    period: string | null;
  }): Promise<CreatedDonationView> {
    const payment = await this.provider.createPayment({
      donationId: input.id,
      amountFen: input.amountFen,
      description: input.fund.name,
    });
    await this.dataSource.getRepository(Donation).insert({
      id: input.id,
      fundId: input.fund.id,
      orgId: input.fund.orgId,
      donorId: input.user.id,
      donorName: input.user.displayName,
      amountFen: input.amountFen,
      message: input.message,
      status: 'awaiting_payment',
      provider: this.provider.name,
      paymentId: payment.paymentId,
      recurringId: input.recurringId,
      period: input.period,
    });
    const view = await this.view(await this.dataSource.getRepository(Donation).findOneByOrFail({ id: input.id }));
    return {
      ...view,
      payment: {
        provider: this.provider.name,
        paymentId: payment.paymentId,
        amount: input.amountFen,
        currency: 'CNY',
        payUrl: payment.payUrl,
        expiresAt: payment.expiresAt.toISOString(),
      },
    };
  }

  /**
   * The provider's webhook. In order: the signature over "<timestamp>.<raw body>" (401), the
   * timestamp within the tolerance (401), the body's shape (400), then in one transaction: the
   * very same signed request seen before (409, a replay), the event seen before (200, duplicate,
   * nothing moves), the payment's donation (404) and amount (422), and the confirmation.
   */
  async webhook(input: SignedWebhook): Promise<WebhookResultView> {
    const timestamp = Number(input.timestamp);
    const signature = input.signature ?? '';
    if (!input.timestamp || !Number.isSafeInteger(timestamp) || !/^v1=[0-9a-f]{64}$/.test(signature)) {
      throw new FundsError(
        FundsErrorCode.WebhookSignatureInvalid,
        'X-GoodLoop-Timestamp and X-GoodLoop-Signature (v1=<hex>) are required',
      );
    }
    if (!signatureMatches(this.config.PAYMENT_WEBHOOK_SECRET!, timestamp, input.rawBody, signature)) {
      throw new FundsError(FundsErrorCode.WebhookSignatureInvalid);
    }
    if (Math.abs(Date.now() / 1000 - timestamp) > this.config.WEBHOOK_TOLERANCE_SECONDS) {
      throw new FundsError(FundsErrorCode.WebhookStale);
    }
    const event = this.parseEvent(input.rawBody);

    return this.dataSource.transaction(async (manager) => {
      const fresh = (await manager.query(
        `INSERT INTO webhook_signatures (signature) VALUES ($1) ON CONFLICT DO NOTHING RETURNING signature`,
        [signature.slice(3)],
      )) as unknown[];
      if (fresh.length === 0) throw new FundsError(FundsErrorCode.WebhookReplayed);

      const donation = await manager
        .getRepository(Donation)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.provider = :provider AND d.payment_id = :paymentId', {
          provider: this.provider.name,
          paymentId: event.paymentId,
        })
        .getOne();
      if (!donation) throw new FundsError(FundsErrorCode.PaymentNotFound);
      if (donation.amountFen !== event.amount) throw new FundsError(FundsErrorCode.PaymentAmountMismatch);

      const firstTime = (await manager.query(
        `INSERT INTO payment_events (event_id, donation_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [event.eventId, donation.id, event.type],
      )) as unknown[];
      if (firstTime.length === 0) return { donationId: donation.id, status: donation.status, duplicate: true };

      if (event.type === 'payment.failed') {
        if (donation.status === 'confirmed') throw new FundsError(FundsErrorCode.PaymentAlreadySettled);
        await manager.update(Donation, { id: donation.id }, { status: 'failed' });
        return { donationId: donation.id, status: 'failed', duplicate: false };
      }
      if (donation.status === 'confirmed') return { donationId: donation.id, status: 'confirmed', duplicate: true };
      if (donation.status === 'failed') throw new FundsError(FundsErrorCode.PaymentAlreadySettled);
      await this.confirm(manager, donation);
      return { donationId: donation.id, status: 'confirmed', duplicate: false };
    });
  }

  private parseEvent(rawBody: Buffer): PaymentWebhookDto {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new FundsError(FundsErrorCode.WebhookInvalid, 'The body is not JSON', [
        { field: 'body', errors: ['body must be JSON'] },
      ]);
    }
    const event = plainToInstance(PaymentWebhookDto, body);
    const errors =
      typeof body === 'object' && body !== null ? validateSync(event, { whitelist: true, forbidNonWhitelisted: false }) : [];
    if (typeof body !== 'object' || body === null || errors.length > 0) {
      throw new FundsError(
        FundsErrorCode.WebhookInvalid,
        undefined,
        errors.map((e) => ({ field: e.property, errors: Object.values(e.constraints ?? {}) })),
      );
    }
    return event;
  }

  /**
   * Confirms a donation inside the webhook's transaction: the next receipt number of its
   * organisation and year (the counter row stays locked until commit, so concurrent
   * confirmations queue and a rolled-back one gives its number back), the fund's totals, the
   * ledger transfer external → fund, and the event.
   */
  private async confirm(manager: EntityManager, donation: Donation): Promise<void> {
    const now = new Date();
    const year = chinaYear(now);
    const [counter] = (await manager.query(
      `INSERT INTO receipt_counters (org_id, year, last_seq) VALUES ($1, $2, 1)
       ON CONFLICT (org_id, year) DO UPDATE SET last_seq = receipt_counters.last_seq + 1
       RETURNING last_seq`,
      [donation.orgId, year],
    )) as { last_seq: number }[];
    const seq = counter!.last_seq;
    await manager.update(
      Donation,
      { id: donation.id },
      { status: 'confirmed', receiptYear: year, receiptSeq: seq, confirmedAt: now },
    );
    await manager.query(`UPDATE funds SET received_fen = received_fen + $2, donation_count = donation_count + 1 WHERE id = $1`, [
      donation.fundId,
      donation.amountFen,
    ]);
    const fund = await manager.getRepository(Fund).findOneByOrFail({ id: donation.fundId });
    const number = receiptNumber(year, seq);
    this.outbox.within(manager).emit(Topics.TransferRequestV1, {
      key: `external:payments:${donation.provider}`,
      value: {
        transferId: `donation:${donation.id}`,
        debitAccount: `external:payments:${donation.provider}`,
        creditAccount: `fund:${donation.fundId}`,
        asset: 'CNY',
        amount: donation.amountFen,
        code: 'donate',
        references: {
          requestedBy: `user:${donation.donorId}`,
          description: `${fund.name} · 收据 ${number}`,
          sourceEvent: `payment:${donation.paymentId}`,
        },
      },
    });
    this.outbox.within(manager).emit(Topics.DonationReceivedV1, {
      key: donation.fundId,
      value: {
        donationId: donation.id,
        fundId: donation.fundId,
        fundKind: fund.kind,
        orgId: donation.orgId,
        donorId: donation.donorId,
        amount: donation.amountFen,
        receiptNumber: number,
        confirmedAt: now.toISOString(),
      },
    });
  }

  /** The ledger posted `donation:<id>`: the money is in the fund. */
  async markPosted(manager: EntityManager, donationId: string): Promise<void> {
    await manager.update(Donation, { id: donationId }, { posted: true });
  }

  async get(id: string, user: UserContext): Promise<Donation> {
    const donation = await this.dataSource.getRepository(Donation).findOneBy({ id });
    if (!donation) throw new FundsError(FundsErrorCode.DonationNotFound);
    if (donation.donorId !== user.id && !isAdmin(user) && !managesOrg(user, donation.orgId)) {
      throw new FundsError(FundsErrorCode.NotYourDonation);
    }
    return donation;
  }

  async mine(user: UserContext, query: MyDonationsQuery): Promise<DonationPageView> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.dataSource
      .getRepository(Donation)
      .createQueryBuilder('d')
      .where('d.donor_id = :me', { me: user.id })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere('(d.created_at, d.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const names = await this.fundNames(rows.map((r) => r.fundId));
    return toPage(
      rows,
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => this.viewWith(r, names.get(r.fundId) ?? ''),
    );
  }

  async view(donation: Donation): Promise<DonationView> {
    const names = await this.fundNames([donation.fundId]);
    return this.viewWith(donation, names.get(donation.fundId) ?? '');
  }

  private viewWith(d: Donation, fundName: string): DonationView {
    return {
      id: d.id,
      fundId: d.fundId,
      fundName,
      donorId: d.donorId,
      amount: d.amountFen,
      status: d.status,
      recurringId: d.recurringId,
      receiptNumber: d.receiptYear !== null && d.receiptSeq !== null ? receiptNumber(d.receiptYear, d.receiptSeq) : null,
      confirmedAt: d.confirmedAt?.toISOString() ?? null,
      posted: d.posted,
      createdAt: d.createdAt.toISOString(),
    };
  }

  private async fundNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const funds = await this.dataSource
      .getRepository(Fund)
      .createQueryBuilder('f')
      .where('f.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(funds.map((f) => [f.id, f.name]));
  }

  // ---------------------------------------------------------------- monthly gifts

  async myRecurring(user: UserContext): Promise<{ items: RecurringDonationView[] }> {
    const rows = await this.dataSource
      .getRepository(RecurringDonation)
      .find({ where: { donorId: user.id }, order: { createdAt: 'DESC' } });
    return { items: rows.map(recurringView) };
  }

  async cancelRecurring(id: string, user: UserContext): Promise<RecurringDonationView> {
    const repo = this.dataSource.getRepository(RecurringDonation);
    const plan = await repo.findOneBy({ id });
    if (!plan || (plan.donorId !== user.id && !isAdmin(user))) throw new FundsError(FundsErrorCode.RecurringNotFound);
    await repo.update({ id, status: 'active' }, { status: 'cancelled' });
    return recurringView(await repo.findOneByOrFail({ id }));
  }

  /**
   * Starts this month's gift of every active monthly plan that is due. Each plan is taken under
   * a row lock (SKIP LOCKED, so two sweeps share the work), its month's donation is unique per
   * plan and month, and the next date moves on in the same transaction: a gift is never made twice.
   */
  async chargeDueMonthlyGifts(limit = 200): Promise<number> {
    let charged = 0;
    for (let i = 0; i < limit; i++) {
      const started = await this.dataSource.transaction(async (manager) => {
        const plan = await manager
          .getRepository(RecurringDonation)
          .createQueryBuilder('r')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where(`r.status = 'active' AND r.next_charge_at <= now()`)
          .orderBy('r.next_charge_at')
          .getOne();
        if (!plan) return null;
        const period = plan.nextChargeAt.toISOString().slice(0, 7);
        await manager.update(RecurringDonation, { id: plan.id }, { nextChargeAt: nextMonth(plan.nextChargeAt) });
        const exists = await manager.getRepository(Donation).findOneBy({ recurringId: plan.id, period });
        return exists ? { plan, period: null } : { plan, period };
      });
      if (!started) break;
      if (!started.period) continue;
      const fund = await this.funds.get(started.plan.fundId);
      try {
        await this.startDonation({
          id: uuidv7(),
          fund,
          user: { id: started.plan.donorId, displayName: started.plan.donorName },
          amountFen: started.plan.amountFen,
          message: started.plan.message,
          recurringId: started.plan.id,
          period: started.period,
        });
        charged++;
      } catch (error) {
        this.logger.warn(`monthly gift ${started.plan.id} for ${started.period}: ${String(error)}`);
      }
    }
    return charged;
  }
}

function recurringView(r: RecurringDonation): RecurringDonationView {
  return {
    id: r.id,
    fundId: r.fundId,
    amount: r.amountFen,
    status: r.status,
    nextChargeAt: r.nextChargeAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}
