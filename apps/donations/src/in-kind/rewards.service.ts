import { Injectable } from '@nestjs/common';
import { CursorKeys, decodeCursor, toPage, type UserContext } from '@goodloop/common';
import type { CreateRewardDto, ListRewardsQuery, RewardPageView, RewardView } from '@goodloop/contracts';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Pledge } from './entities/pledge.entity';
import { PledgesService } from './pledges.service';
import { isFoundationStaff } from '../shared/access';
import { Reward } from './entities/reward.entity';
import { InKindError, InKindErrorCode } from './in-kind.errors';

/** The rewards catalogue: received stock offered for points by foundation staff. */
@Injectable()
export class RewardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pledges: PledgesService,
  ) {}

  async create(dto: CreateRewardDto, user: UserContext): Promise<RewardView> {
    if (!isFoundationStaff(user)) throw new InKindError(InKindErrorCode.NotFoundationStaff);
    const validFrom = dto.validFrom ? new Date(dto.validFrom) : new Date();
    const validTo = dto.validTo ? new Date(dto.validTo) : null;
    if (validTo && (validTo <= validFrom || validTo.getTime() <= Date.now())) {
      throw new InKindError(InKindErrorCode.InvalidWindow, undefined, [
        { field: 'validTo', errors: ['validTo must be after validFrom and in the future'] },
      ]);
    }
    const id = uuidv7();
    await this.dataSource.transaction(async (manager) => {
      const pledge = await this.pledges.allocate(manager, dto.pledgeId, dto.quantity);
      await manager.getRepository(Reward).insert({
        id,
        pledgeId: pledge.id,
        orgId: pledge.orgId,
        title: dto.title ?? pledge.item,
        pointsPrice: dto.pointsPrice,
        quantity: dto.quantity,
        available: dto.quantity,
        perResidentLimit: dto.perResidentLimit,
        validFrom,
        validTo,
        createdBy: user.id,
      });
    });
    return this.get(id, user);
  }

  /** Valid now, with stock left, newest first; by category (the pledge's), place and business. */
  async list(query: ListRewardsQuery, user: UserContext | undefined): Promise<RewardPageView> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.dataSource
      .getRepository(Reward)
      .createQueryBuilder('r')
      .innerJoin(Pledge, 'p', 'p.id = r.pledge_id')
      .where('r.valid_from <= now() AND (r.valid_to IS NULL OR r.valid_to > now()) AND r.available > 0')
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1);
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    if (query.place)
      qb.andWhere(`p.pickup_place ILIKE :place ESCAPE '\\'`, { place: `%${query.place.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (query.orgId) qb.andWhere('r.org_id = :orgId', { orgId: query.orgId });
    if (after) qb.andWhere('(r.created_at, r.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const views = await this.views(rows, user);
    const byId = new Map(views.map((v) => [v.id, v]));
    return toPage(
      rows,
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => byId.get(r.id)!,
    );
  }

  async get(id: string, user: UserContext | undefined): Promise<RewardView> {
    const reward = await this.dataSource.getRepository(Reward).findOneBy({ id });
    if (!reward) throw new InKindError(InKindErrorCode.RewardNotFound);
    return (await this.views([reward], user))[0]!;
  }

  private async views(rows: Reward[], user: UserContext | undefined): Promise<RewardView[]> {
    if (rows.length === 0) return [];
    const pledges = await this.dataSource
      .getRepository(Pledge)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids: [...new Set(rows.map((r) => r.pledgeId))] })
      .getMany();
    const byPledge = new Map(pledges.map((p) => [p.id, p]));
    const names = await this.pledges.orgNames(rows.map((r) => r.orgId));
    const mine = new Map<string, number>();
    if (user) {
      const counts = (await this.dataSource.query(
        `SELECT reward_id, sum(quantity)::bigint::text AS n FROM redemptions
          WHERE resident_id = $1 AND reward_id = ANY($2) AND status NOT IN ('refused', 'cancelled', 'expired') GROUP BY reward_id`,
        [user.id, rows.map((r) => r.id)],
      )) as { reward_id: string; n: string }[];
      for (const c of counts) mine.set(c.reward_id, Number(c.n));
    }
    return rows.map((r) => {
      const p = byPledge.get(r.pledgeId)!;
      return {
        id: r.id,
        pledgeId: r.pledgeId,
        orgId: r.orgId,
        orgName: names.get(r.orgId) ?? '',
        title: r.title,
        category: p.category,
        unit: p.unit,
        pointsPrice: r.pointsPrice,
        quantity: r.quantity,
        available: r.available,
        perResidentLimit: r.perResidentLimit,
        validFrom: r.validFrom.toISOString(),
        validTo: r.validTo?.toISOString() ?? null,
        pickupPlace: p.pickupPlace,
        pickupHours: p.pickupHours,
        conditions: p.conditions,
        unitValue: p.unitValueFen,
        myRedeemed: user ? (mine.get(r.id) ?? 0) : null,
      };
    });
  }
}
