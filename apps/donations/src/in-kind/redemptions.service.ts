import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CursorKeys, decodeCursor, isAdmin, OutboxClient, toPage, type UserContext } from '@goodloop/common';
import {
  Topics,
  type CreateRedemptionDto,
  type ListRedemptionsQuery,
  type RedemptionPageView,
  type RedemptionStatus,
  type RedemptionView,
} from '@goodloop/contracts';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { parseAmount } from '@goodloop/money';
import { DonationsConfig } from '../config/env';
import { OrgsService } from '../identity/orgs.service';
import { DonationJobNames, DonationJobs } from '../jobs/donation-jobs.service';
import { Pledge } from './entities/pledge.entity';
import { PledgesService } from './pledges.service';
import { Reward } from './entities/reward.entity';
import { InKindError, InKindErrorCode } from './in-kind.errors';
import { actsForBusiness, anonymisedResident, seesOrg } from '../shared/access';
import { SagaSignal } from '../shared/saga-signal';
import { Redemption } from './entities/redemption.entity';

/** The ledger's pending transfer that holds a redemption's points. */
export const holdId = (redemptionId: string) => `redeem:${redemptionId}`;
/** The redemption a transfer id belongs to: `redeem:<id>`, `redeem:<id>:post`, `redeem:<id>:void`. */
export const redemptionOf = (transferId: string | undefined) =>
  /^redeem:([0-9a-f-]{36})(?::(?:post|void))?$/i.exec(transferId ?? '')?.[1];

/**
 * A UUID (version 8, RFC 9562) from the SHA-256 of the resident and their Idempotency-Key: the
 * same pair always names the same redemption.
 */
export function redemptionIdFor(userId: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`redemption:${userId}:${idempotencyKey}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Statuses in which the stock is reserved for the redemption (and its points held, or being). */
const LIVE: RedemptionStatus[] = ['holding', 'held', 'fulfilling', 'cancelling', 'expiring'];
const ENDED: RedemptionStatus[] = ['fulfilled', 'refused', 'cancelled', 'expired'];

const LEDGER_REFUSALS: Record<string, InKindErrorCode> = {
  INSUFFICIENT_FUNDS: InKindErrorCode.InsufficientPoints,
  INSUFFICIENT_BALANCE: InKindErrorCode.InsufficientPoints,
};

/**
 * The redemption saga. Each step is a transaction that changes this service's state and, in
 * the same commit, writes the command for the ledger to the outbox; each ledger answer is
 * applied by the consumer once (inbox), guarded by the status it expects:
 *
 *   redeem   stock reserved (available → reserved), `holding`, hold `redeem:<id>` asked
 *   reserved → `held`: the pickup code is good
 *   rejected → `refused`, stock back
 *   fulfil   right code → `fulfilling`, post of the hold asked;  posted → `fulfilled`, stock delivered
 *   cancel   → `cancelling`, void asked;   expiry → `expiring`, void asked
 *   voided   → `cancelled` or `expired`, stock back
 *
 * So at every commit, reserved stock and held points describe the same redemptions: a crash
 * between two steps leaves a state from which the outbox, the ledger's redelivery or the sweep
 * carries it on. Points held without stock, or stock gone without points, never commit.
 */
@Injectable()
export class RedemptionsService implements OnModuleInit {
  private readonly logger = new Logger(RedemptionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: DonationsConfig,
    private readonly outbox: OutboxClient,
    private readonly signal: SagaSignal,
    private readonly jobs: DonationJobs,
    private readonly pledges: PledgesService,
    private readonly orgs: OrgsService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(DonationJobNames.Sweep, () => this.expireDue());
  }

  // ---------------------------------------------------------------- redeem

  /**
   * With the caller's `Idempotency-Key` (passed on by the gateway), the redemption's id is derived
   * from the caller and the key, so a retry after a lost answer — the service killed after its
   * commit, the gateway's record of the key gone with it — finds the first redemption instead of
   * making a second.
   */
  async redeem(
    dto: CreateRedemptionDto,
    user: UserContext,
    idempotencyKey?: string,
  ): Promise<{ view: RedemptionView; settled: boolean }> {
    const quantity = dto.quantity ?? 1;
    const id = idempotencyKey ? redemptionIdFor(user.id, idempotencyKey) : uuidv7();
    if (idempotencyKey && (await this.dataSource.getRepository(Redemption).existsBy({ id }))) return this.answer(id, user);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.dataSource.transaction((manager) => this.reserve(manager, id, dto.rewardId, quantity, user));
        break;
      } catch (error) {
        // Two live redemptions drew the same code at one business: draw again.
        const constraint = (error as { constraint?: string }).constraint;
        // The same key at the same moment: the other request made it.
        if (constraint === 'PK_redemptions') return this.answer(id, user);
        if (constraint !== 'UQ_redemptions_live_code' || attempt >= 3) throw error;
      }
    }
    return this.answer(id, user);
  }

  /** The redemption once the ledger has answered (or the wait is up): held, holding, or refused as an error. */
  private async answer(id: string, user: UserContext): Promise<{ view: RedemptionView; settled: boolean }> {
    const redemption = await this.waitForLedger(id, ['holding']);
    if (redemption.residentId !== user.id) throw new InKindError(InKindErrorCode.NotYourRedemption);
    if (redemption.status === 'refused') {
      const code = LEDGER_REFUSALS[redemption.refusal ?? ''] ?? InKindErrorCode.PointsRefused;
      throw new InKindError(code, undefined, { redemptionId: id, ledger: redemption.refusal });
    }
    return { view: await this.view(redemption, user), settled: redemption.status !== 'holding' };
  }

  private async reserve(
    manager: EntityManager,
    id: string,
    rewardId: string,
    quantity: number,
    user: UserContext,
  ): Promise<void> {
    // The row lock orders every redemption of this reward: stock and the per-resident count are read and changed under it.
    const reward = await manager
      .getRepository(Reward)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :rewardId', { rewardId })
      .getOne();
    if (!reward) throw new InKindError(InKindErrorCode.RewardNotFound);
    const now = Date.now();
    if (reward.validFrom.getTime() > now || (reward.validTo && reward.validTo.getTime() <= now)) {
      throw new InKindError(InKindErrorCode.RewardNotAvailable);
    }
    const [used] = (await manager.query(
      `SELECT coalesce(sum(quantity), 0)::bigint::text AS n FROM redemptions
        WHERE reward_id = $1 AND resident_id = $2 AND status NOT IN ('refused', 'cancelled', 'expired')`,
      [rewardId, user.id],
    )) as { n: string }[];
    if (Number(used!.n) + quantity > reward.perResidentLimit) {
      throw new InKindError(InKindErrorCode.RedemptionLimitReached, undefined, [
        { field: 'quantity', errors: [`at most ${reward.perResidentLimit - Number(used!.n)} more of this reward for you`] },
      ]);
    }
    if (reward.available < quantity) throw new InKindError(InKindErrorCode.OutOfStock);
    await manager.query(`UPDATE rewards SET available = available - $2, reserved = reserved + $2 WHERE id = $1`, [
      rewardId,
      quantity,
    ]);
    const points = reward.pointsPrice * quantity;
    if (!Number.isSafeInteger(points)) throw new InKindError(InKindErrorCode.InsufficientPoints);
    const expiresAt = new Date(now + this.config.REDEMPTION_HOLD_SECONDS * 1000);
    await manager.getRepository(Redemption).insert({
      id,
      rewardId,
      orgId: reward.orgId,
      residentId: user.id,
      quantity,
      points,
      status: 'holding',
      pickupCode: String(randomInt(0, 100_000_000)).padStart(8, '0'),
      expiresAt,
    });
    this.outbox.within(manager).emit(Topics.TransferRequestV1, {
      key: `user:${user.id}`,
      value: {
        transferId: holdId(id),
        debitAccount: `user:${user.id}`,
        creditAccount: 'sink:redemption',
        asset: 'POINTS',
        amount: points,
        code: 'redeem',
        // The ledger's own timeout is a backstop an hour after ours: the sweep voids first.
        pending: { timeoutSeconds: this.config.REDEMPTION_HOLD_SECONDS + 3600 },
        references: {
          requestedBy: `user:${user.id}`,
          description: quantity > 1 ? `${reward.title} × ${quantity}` : reward.title,
          sourceEvent: `redemption:${id}`,
        },
      },
    });
  }

  // ---------------------------------------------------------------- hand-over

  async fulfil(id: string, code: string, user: UserContext): Promise<RedemptionView> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const redemption = await this.lock(manager, id);
      if (!actsForBusiness(user, redemption.orgId)) throw new InKindError(InKindErrorCode.NotYourBusiness);
      return this.checkCodeAndPost(manager, redemption, code, user);
    });
    if (outcome === 'wrong') throw new InKindError(InKindErrorCode.WrongPickupCode);
    const redemption = await this.waitForLedger(id, ['fulfilling']);
    if (redemption.status === 'expired' || redemption.status === 'expiring')
      throw new InKindError(InKindErrorCode.RedemptionExpired);
    return this.view(redemption, user);
  }

  /** The code alone, typed at the counter: the business's live redemption with that code. */
  async fulfilByCode(orgId: string, code: string, user: UserContext): Promise<RedemptionView> {
    if (!actsForBusiness(user, orgId)) throw new InKindError(InKindErrorCode.NotYourBusiness);
    const key = `${this.jobs.keyPrefix}:donations:pickup-misses:${orgId}`;
    const misses = Number((await this.jobs.redis.get(key)) ?? 0);
    // A business guessing codes gets PICKUP_CODE_MAX_ATTEMPTS × 4 misses per 15 minutes.
    if (misses >= this.config.PICKUP_CODE_MAX_ATTEMPTS * 4) throw new InKindError(InKindErrorCode.PickupCodeLocked);
    const found = await this.dataSource
      .getRepository(Redemption)
      .findOne({ where: { orgId, pickupCode: code }, order: { createdAt: 'DESC' } });
    if (!found || ENDED.includes(found.status)) {
      await this.jobs.redis
        .multi()
        .incr(key)
        .expire(key, 15 * 60)
        .exec();
      throw new InKindError(InKindErrorCode.WrongPickupCode);
    }
    return this.fulfil(found.id, code, user);
  }

  private async checkCodeAndPost(
    manager: EntityManager,
    redemption: Redemption,
    code: string,
    user: UserContext,
  ): Promise<'wrong' | 'posting'> {
    switch (redemption.status) {
      case 'fulfilled':
        throw new InKindError(InKindErrorCode.AlreadyFulfilled);
      case 'fulfilling':
        if (sameCode(redemption.pickupCode, code)) return 'posting';
        throw new InKindError(InKindErrorCode.AlreadyFulfilled);
      case 'expired':
      case 'expiring':
        throw new InKindError(InKindErrorCode.RedemptionExpired);
      case 'held':
        break;
      case 'holding':
      case 'refused':
      case 'cancelling':
      case 'cancelled':
        throw new InKindError(InKindErrorCode.RedemptionNotHeld);
    }
    if (redemption.codeAttempts >= this.config.PICKUP_CODE_MAX_ATTEMPTS) throw new InKindError(InKindErrorCode.PickupCodeLocked);
    if (!sameCode(redemption.pickupCode, code)) {
      // Counted, and committed: the transaction ends normally and the caller answers 422.
      await manager.update(Redemption, { id: redemption.id }, { codeAttempts: redemption.codeAttempts + 1 });
      return 'wrong';
    }
    if (redemption.expiresAt.getTime() <= Date.now()) throw new InKindError(InKindErrorCode.RedemptionExpired);
    await manager.update(Redemption, { id: redemption.id }, { status: 'fulfilling', fulfilledBy: user.id });
    this.outbox.within(manager).emit(Topics.TransferSettleV1, {
      key: holdId(redemption.id),
      value: {
        transferId: `${holdId(redemption.id)}:post`,
        pendingId: holdId(redemption.id),
        action: 'post',
        references: { requestedBy: `user:${user.id}`, description: 'handed over' },
      },
    });
    return 'posting';
  }

  // ---------------------------------------------------------------- cancel and expire

  async cancel(id: string, user: UserContext): Promise<RedemptionView> {
    await this.dataSource.transaction(async (manager) => {
      const redemption = await this.lock(manager, id);
      if (redemption.residentId !== user.id && !isAdmin(user)) throw new InKindError(InKindErrorCode.NotYourRedemption);
      if (redemption.status === 'cancelling' || redemption.status === 'cancelled') return;
      if (redemption.status === 'fulfilled' || redemption.status === 'fulfilling')
        throw new InKindError(InKindErrorCode.AlreadyFulfilled);
      if (redemption.status !== 'held') throw new InKindError(InKindErrorCode.RedemptionNotHeld);
      await this.askVoid(manager, redemption, 'cancelling', `user:${user.id}`, 'cancelled by the resident');
    });
    return this.view(await this.waitForLedger(id, ['cancelling']), user);
  }

  /** The sweep: held codes whose time is up are voided (`expiring` until the ledger answers). */
  async expireDue(limit = 500): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager
        .getRepository(Redemption)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`r.status = 'held' AND r.expires_at <= now()`)
        .limit(limit)
        .getMany();
      for (const redemption of due)
        await this.askVoid(manager, redemption, 'expiring', 'job:expire-redemptions', 'pickup code expired');
      return due.length;
    });
  }

  private async askVoid(
    manager: EntityManager,
    redemption: Redemption,
    status: 'cancelling' | 'expiring',
    by: string,
    why: string,
  ): Promise<void> {
    await manager.update(Redemption, { id: redemption.id }, { status });
    this.outbox.within(manager).emit(Topics.TransferSettleV1, {
      key: holdId(redemption.id),
      value: {
        transferId: `${holdId(redemption.id)}:void`,
        pendingId: holdId(redemption.id),
        action: 'void',
        references: { requestedBy: by, description: why },
      },
    });
  }

  // ---------------------------------------------------------------- the ledger's answers (consumer, inside its transaction)

  async onHeld(manager: EntityManager, id: string, timeoutAt: string): Promise<void> {
    const [rows] = (await manager.query(
      `UPDATE redemptions SET status = 'held' WHERE id = $1 AND status = 'holding' RETURNING id`,
      [id],
    )) as [unknown[], number];
    if (rows.length === 0) this.logger.log(`hold of ${id} reserved (until ${timeoutAt}) while it was no longer holding`);
    await this.signal.notify(manager, id);
  }

  async onRefused(manager: EntityManager, id: string, reasonCode: string): Promise<void> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = (await manager.query(
      `UPDATE redemptions SET status = 'refused', refusal = $2, settled_at = now() WHERE id = $1 AND status = 'holding'
       RETURNING reward_id, quantity`,
      [id, reasonCode.slice(0, 64)],
    )) as [{ reward_id: string; quantity: string }[], number];
    const returned = rows[0];
    if (returned) await this.returnStock(manager, returned.reward_id, Number(returned.quantity));
    await this.signal.notify(manager, id);
  }

  async onReleased(manager: EntityManager, id: string, reason: 'requested' | 'timeout'): Promise<void> {
    const rows = (await manager.query(
      `UPDATE redemptions SET status = CASE WHEN status = 'cancelling' THEN 'cancelled' ELSE 'expired' END, settled_at = now()
        WHERE id = $1 AND status IN ('holding', 'held', 'fulfilling', 'cancelling', 'expiring')
       RETURNING reward_id, quantity, status`,
      [id],
    )) as [{ reward_id: string; quantity: string; status: string }[], number];
    const returned = rows[0][0];
    if (returned) {
      await this.returnStock(manager, returned.reward_id, Number(returned.quantity));
      if (reason === 'timeout') this.logger.log(`hold of ${id} timed out in the ledger: stock returned`);
    }
    await this.signal.notify(manager, id);
  }

  async onPosted(manager: EntityManager, id: string, postedAt: string): Promise<void> {
    const rows = (await manager.query(
      `UPDATE redemptions SET status = 'fulfilled', settled_at = now(), fulfilled_at = coalesce(fulfilled_at, $2)
        WHERE id = $1 AND status IN ('fulfilling', 'held', 'holding', 'cancelling', 'expiring')
       RETURNING reward_id, quantity, resident_id, org_id, points`,
      [id, postedAt],
    )) as [{ reward_id: string; quantity: string; resident_id: string; org_id: string; points: string }[], number];
    const done = rows[0][0];
    if (done) {
      const quantity = Number(done.quantity);
      await manager.query(`UPDATE rewards SET reserved = reserved - $2, delivered = delivered + $2 WHERE id = $1`, [
        done.reward_id,
        quantity,
      ]);
      const reward = await manager.getRepository(Reward).findOneByOrFail({ id: done.reward_id });
      const pledge = await this.pledges.deliver(manager, reward.pledgeId, quantity);
      this.outbox.within(manager).emit(Topics.RedemptionFulfilledV1, {
        key: done.reward_id,
        value: {
          redemptionId: id,
          rewardId: done.reward_id,
          pledgeId: pledge.id,
          orgId: done.org_id,
          residentId: done.resident_id,
          quantity,
          points: parseAmount(done.points),
          fulfilledAt: postedAt,
        },
      });
    }
    await this.signal.notify(manager, id);
  }

  private async returnStock(manager: EntityManager, rewardId: string, quantity: number): Promise<void> {
    await manager.query(`UPDATE rewards SET available = available + $2, reserved = reserved - $2 WHERE id = $1`, [
      rewardId,
      quantity,
    ]);
  }

  // ---------------------------------------------------------------- reading

  async get(id: string, user: UserContext): Promise<RedemptionView> {
    const redemption = await this.dataSource.getRepository(Redemption).findOneBy({ id });
    if (!redemption) throw new InKindError(InKindErrorCode.RedemptionNotFound);
    if (redemption.residentId !== user.id && !seesOrg(user, redemption.orgId))
      throw new InKindError(InKindErrorCode.NotYourRedemption);
    return this.view(redemption, user);
  }

  async mine(user: UserContext, query: ListRedemptionsQuery): Promise<RedemptionPageView> {
    return this.page(query, user, (qb) => qb.andWhere('r.resident_id = :me', { me: user.id }));
  }

  async ofOrg(orgId: string, user: UserContext, query: ListRedemptionsQuery): Promise<RedemptionPageView> {
    if (!seesOrg(user, orgId)) throw new InKindError(InKindErrorCode.NotYourBusiness);
    return this.page(query, user, (qb) => qb.andWhere('r.org_id = :orgId', { orgId }));
  }

  private async page(
    query: ListRedemptionsQuery,
    user: UserContext,
    scope: (qb: ReturnType<typeof this.query>) => unknown,
  ): Promise<RedemptionPageView> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.query()
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1);
    scope(qb);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (after) qb.andWhere('(r.created_at, r.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const context = await this.contextOf(rows);
    return toPage(
      rows,
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => this.viewWith(r, user, context),
    );
  }

  private query() {
    return this.dataSource.getRepository(Redemption).createQueryBuilder('r');
  }

  private async lock(manager: EntityManager, id: string): Promise<Redemption> {
    const redemption = await manager
      .getRepository(Redemption)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
    if (!redemption) throw new InKindError(InKindErrorCode.RedemptionNotFound);
    return redemption;
  }

  /** Waits (bounded) until the ledger has answered: the status has left `from`. */
  private waitForLedger(id: string, from: RedemptionStatus[]): Promise<Redemption> {
    return this.signal.waitFor(
      id,
      () => this.dataSource.getRepository(Redemption).findOneByOrFail({ id }),
      (r) => !from.includes(r.status),
      this.config.LEDGER_ANSWER_WAIT_MS,
    );
  }

  async view(redemption: Redemption, user: UserContext): Promise<RedemptionView> {
    return this.viewWith(redemption, user, await this.contextOf([redemption]));
  }

  private async contextOf(
    rows: Redemption[],
  ): Promise<{ rewards: Map<string, Reward>; pledges: Map<string, Pledge>; orgs: Map<string, string> }> {
    const rewardIds = [...new Set(rows.map((r) => r.rewardId))];
    const rewards = rewardIds.length
      ? await this.dataSource
          .getRepository(Reward)
          .createQueryBuilder('w')
          .where('w.id IN (:...ids)', { ids: rewardIds })
          .getMany()
      : [];
    const pledgeIds = [...new Set(rewards.map((r) => r.pledgeId))];
    const pledges = pledgeIds.length
      ? await this.dataSource
          .getRepository(Pledge)
          .createQueryBuilder('p')
          .where('p.id IN (:...ids)', { ids: pledgeIds })
          .getMany()
      : [];
    return {
      rewards: new Map(rewards.map((r) => [r.id, r])),
      pledges: new Map(pledges.map((p) => [p.id, p])),
      orgs: await this.orgs.namesOf(rows.map((r) => r.orgId)),
    };
  }

  private viewWith(
    r: Redemption,
    user: UserContext,
    context: { rewards: Map<string, Reward>; pledges: Map<string, Pledge>; orgs: Map<string, string> },
  ): RedemptionView {
    const reward = context.rewards.get(r.rewardId);
    const pledge = reward ? context.pledges.get(reward.pledgeId) : undefined;
    const mine = r.residentId === user.id;
    const live = r.status === 'held';
    return {
      id: r.id,
      rewardId: r.rewardId,
      rewardTitle: reward?.title ?? '',
      orgId: r.orgId,
      orgName: context.orgs.get(r.orgId) ?? '',
      quantity: r.quantity,
      points: r.points,
      status: r.status,
      pickupCode: mine && live ? r.pickupCode : null,
      expiresAt: LIVE.includes(r.status) ? r.expiresAt.toISOString() : null,
      pickupPlace: pledge?.pickupPlace ?? '',
      pickupHours: pledge?.pickupHours ?? '',
      refusal: r.refusal,
      fulfilledAt: r.fulfilledAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      resident: mine ? user.displayName : anonymisedResident(r.orgId, r.residentId),
    };
  }
}

function sameCode(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
