import { Injectable } from '@nestjs/common';
import { CommonError, CommonErrorCode, CursorKeys, decodeCursor, isAdmin, OutboxClient, toPage, type UserContext } from '@goodloop/common';
import {
  Topics,
  type CancelDto,
  type CreatePledgeDto,
  type ListPledgesQuery,
  type PledgePageView,
  type PledgeView,
  type ReceivePledgeDto,
} from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OrgsService } from '../identity/orgs.service';
import { InKindError, InKindErrorCode } from './in-kind.errors';
import { actsForBusiness, isFoundationStaff } from '../shared/access';
import { Pledge } from './entities/pledge.entity';

/** Today in China, as `YYYY-MM-DD`: an expiry date is a local date. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

export function inStockOf(p: Pledge): number {
  return (p.receivedQuantity ?? 0) - p.allocatedQuantity;
}

/**
 * In-kind pledges: pledged by a business → received by foundation staff after inspection (the
 * quantity confirmed or corrected: in stock) → allocated (to rewards, or to a matched need) →
 * delivered; or cancelled with a reason. Each change of what is in stock is announced
 * (`donations.stock.changed.v1`), for the matching service's offers.
 */
@Injectable()
export class PledgesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
    private readonly orgs: OrgsService,
  ) {}

  async create(dto: CreatePledgeDto, user: UserContext): Promise<PledgeView> {
    if (!actsForBusiness(user, dto.orgId)) throw new InKindError(InKindErrorCode.NotYourBusiness);
    if (dto.expiresOn < chinaToday()) {
      throw new InKindError(InKindErrorCode.PledgeExpired, undefined, [
        { field: 'expiresOn', errors: ['expiresOn must not be in the past'] },
      ]);
    }
    if ((dto.pickupLat === undefined) !== (dto.pickupLng === undefined)) {
      const field = dto.pickupLat === undefined ? 'pickupLat' : 'pickupLng';
      throw new CommonError(CommonErrorCode.Validation, 'pickupLat and pickupLng go together', [
        { field, errors: [`${field} must be given with ${field === 'pickupLat' ? 'pickupLng' : 'pickupLat'}`] },
      ]);
    }
    const id = uuidv7();
    await this.dataSource.getRepository(Pledge).insert({
      id,
      orgId: dto.orgId,
      createdBy: user.id,
      item: dto.item,
      category: dto.category,
      quantity: dto.quantity,
      unit: dto.unit,
      unitValueFen: dto.unitValue,
      expiresOn: dto.expiresOn,
      pickupPlace: dto.pickupPlace,
      pickupHours: dto.pickupHours,
      conditions: dto.conditions ?? '',
      itemCategory: dto.itemCategory ?? null,
      pickupLat: dto.pickupLat ?? null,
      pickupLng: dto.pickupLng ?? null,
      forBeneficiaries: dto.forBeneficiaries ?? [],
      status: 'pledged',
    });
    return this.viewOf(await this.dataSource.getRepository(Pledge).findOneByOrFail({ id }));
  }

  async receive(id: string, dto: ReceivePledgeDto, user: UserContext): Promise<PledgeView> {
    if (!isFoundationStaff(user)) throw new InKindError(InKindErrorCode.NotFoundationStaff);
    const pledge = await this.dataSource.transaction(async (manager) => {
      const p = await this.lock(manager, id);
      if (p.status !== 'pledged') throw new InKindError(InKindErrorCode.PledgeNotPending);
      if (p.expiresOn < chinaToday()) throw new InKindError(InKindErrorCode.PledgeExpired);
      await manager.update(
        Pledge,
        { id },
        {
          status: 'in_stock',
          receivedQuantity: dto.quantity,
          receiveNote: dto.note ?? null,
          receivedBy: user.id,
          receivedAt: new Date(),
        },
      );
      return this.announce(manager, id);
    });
    return this.viewOf(pledge);
  }

  async cancel(id: string, dto: CancelDto, user: UserContext): Promise<PledgeView> {
    const pledge = await this.dataSource.transaction(async (manager) => {
      const p = await this.lock(manager, id);
      const staff = isFoundationStaff(user);
      if (!staff && !actsForBusiness(user, p.orgId)) throw new InKindError(InKindErrorCode.NotYourBusiness);
      if (p.status === 'cancelled') return p;
      if (p.allocatedQuantity > 0) throw new InKindError(InKindErrorCode.PledgeAllocated);
      // The business withdraws what it has not handed in; once in stock, only staff may write it off.
      if (p.status !== 'pledged' && !staff) throw new InKindError(InKindErrorCode.PledgeNotPending);
      await manager.update(Pledge, { id }, { status: 'cancelled', cancelReason: dto.reason });
      return this.announce(manager, id);
    });
    return this.viewOf(pledge);
  }

  /** Takes `quantity` out of stock for a reward (within the caller's transaction). */
  async allocate(manager: EntityManager, id: string, quantity: number): Promise<Pledge> {
    const p = await this.lock(manager, id);
    if (p.status !== 'in_stock' && p.status !== 'allocated') throw new InKindError(InKindErrorCode.PledgeNotInStock);
    if (p.expiresOn < chinaToday()) throw new InKindError(InKindErrorCode.PledgeExpired);
    if (inStockOf(p) < quantity) {
      throw new InKindError(InKindErrorCode.NotEnoughStock, undefined, [
        { field: 'quantity', errors: [`at most ${inStockOf(p)} are in stock`] },
      ]);
    }
    const allocated = p.allocatedQuantity + quantity;
    await manager.update(
      Pledge,
      { id },
      { allocatedQuantity: allocated, status: allocated === p.receivedQuantity ? 'allocated' : 'in_stock' },
    );
    return this.announce(manager, id);
  }

  /** Records `quantity` handed over (within the caller's transaction). */
  async deliver(manager: EntityManager, id: string, quantity: number): Promise<Pledge> {
    const p = await this.lock(manager, id);
    const delivered = p.deliveredQuantity + quantity;
    await manager.update(
      Pledge,
      { id },
      { deliveredQuantity: delivered, status: delivered === p.receivedQuantity ? 'delivered' : p.status },
    );
    return this.announce(manager, id);
  }

  async list(query: ListPledgesQuery, user: UserContext): Promise<PledgePageView> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.dataSource
      .getRepository(Pledge)
      .createQueryBuilder('p')
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit + 1);
    if (!isFoundationStaff(user)) {
      const mine = user.memberships.filter((m) => m.orgKind === 'business').map((m) => m.orgId);
      if (mine.length === 0) return { items: [], nextCursor: null };
      qb.andWhere('p.org_id IN (:...mine)', { mine });
    }
    if (query.orgId) qb.andWhere('p.org_id = :orgId', { orgId: query.orgId });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (after) qb.andWhere('(p.created_at, p.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const names = await this.orgNames(rows.map((r) => r.orgId));
    return toPage(
      rows,
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => pledgeView(r, names.get(r.orgId) ?? ''),
    );
  }

  async get(id: string, user: UserContext): Promise<PledgeView> {
    const p = await this.dataSource.getRepository(Pledge).findOneBy({ id });
    if (!p) throw new InKindError(InKindErrorCode.PledgeNotFound);
    if (!isFoundationStaff(user) && !isAdmin(user) && !user.memberships.some((m) => m.orgId === p.orgId)) {
      throw new InKindError(InKindErrorCode.NotYourBusiness);
    }
    return this.viewOf(p);
  }

  async viewOf(p: Pledge): Promise<PledgeView> {
    return pledgeView(p, (await this.orgNames([p.orgId])).get(p.orgId) ?? '');
  }

  async orgNames(ids: string[]): Promise<Map<string, string>> {
    return this.orgs.namesOf(ids);
  }

  private async lock(manager: EntityManager, id: string): Promise<Pledge> {
    const p = await manager
      .getRepository(Pledge)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
    if (!p) throw new InKindError(InKindErrorCode.PledgeNotFound);
    return p;
  }

  private async announce(manager: EntityManager, id: string): Promise<Pledge> {
    const p = await manager.getRepository(Pledge).findOneByOrFail({ id });
    this.outbox.within(manager).emit(Topics.StockChangedV1, {
      key: p.id,
      value: {
        pledgeId: p.id,
        orgId: p.orgId,
        item: p.item,
        category: p.category,
        unit: p.unit,
        unitValue: p.unitValueFen,
        expiresOn: p.expiresOn,
        pickupPlace: p.pickupPlace,
        ...(p.conditions ? { conditions: p.conditions } : {}),
        ...(p.itemCategory ? { itemCategory: p.itemCategory } : {}),
        ...(p.pickupLat !== null && p.pickupLng !== null ? { pickupLat: p.pickupLat, pickupLng: p.pickupLng } : {}),
        ...(p.forBeneficiaries.length > 0 ? { forBeneficiaries: p.forBeneficiaries } : {}),
        status: p.status,
        inStock: p.status === 'cancelled' ? 0 : Math.max(0, inStockOf(p)),
        allocated: p.allocatedQuantity,
        delivered: p.deliveredQuantity,
        changedAt: new Date().toISOString(),
      },
    });
    return p;
  }
}

export function pledgeView(p: Pledge, orgName: string): PledgeView {
  return {
    id: p.id,
    orgId: p.orgId,
    orgName,
    item: p.item,
    category: p.category,
    quantity: p.quantity,
    unit: p.unit,
    unitValue: p.unitValueFen,
    expiresOn: p.expiresOn,
    pickupPlace: p.pickupPlace,
    pickupHours: p.pickupHours,
    conditions: p.conditions,
    itemCategory: p.itemCategory,
    pickupLat: p.pickupLat,
    pickupLng: p.pickupLng,
    forBeneficiaries: p.forBeneficiaries,
    status: p.status,
    receivedQuantity: p.receivedQuantity,
    inStock: p.status === 'cancelled' ? 0 : Math.max(0, inStockOf(p)),
    allocated: p.allocatedQuantity,
    delivered: p.deliveredQuantity,
    cancelReason: p.cancelReason,
    createdAt: p.createdAt.toISOString(),
  };
}
