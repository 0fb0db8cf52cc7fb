import { Injectable } from '@nestjs/common';
import { CursorKeys, decodeCursor, toPage, type CursorReader, type FieldError, type UserContext } from '@goodloop/common';
import {
  ItemCategories,
  Skills,
  type CloseNeedDto,
  type CreateNeedDto,
  type ListNeedsQuery,
  type NeedPageView,
  type NeedView,
} from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OrgsService } from '../identity/orgs.service';
import { speaksForNeedsOf } from '../shared/access';
import { Need } from './entities/need.entity';
import { NeedError, NeedErrorCode } from './needs.errors';

/** Kilometres between a need's place and (:lat, :lng), in SQL: the haversine formula. */
const DISTANCE_SQL = `(12742 * asin(sqrt(power(sin(radians(n.lat - :lat) / 2), 2) + cos(radians(:lat)) * cos(radians(n.lat)) * power(sin(radians(n.lng - :lng) / 2), 2))))`;

const distanceAndId: CursorReader<{ d: number; id: string }> = (parts) => {
  const [d, id] = parts;
  return parts.length === 2 && typeof d === 'number' && Number.isFinite(d) && typeof id === 'string' && CursorKeys.uuid([id])
    ? { d, id }
    : null;
};

/**
 * Community needs: posted by an organizer of the organisation (goods in units, or volunteers
 * with a time window), met in parts by accepted matches, closed by their organizer with a
 * reason, expired when the deadline passes (the run's sweep marks them).
 */
@Injectable()
export class NeedsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgsService,
  ) {}

  async create(dto: CreateNeedDto, user: UserContext): Promise<NeedView> {
    if (!speaksForNeedsOf(user, dto.orgId)) throw new NeedError(NeedErrorCode.NotOrganizerOfOrg);
    const errors = this.crossFieldErrors(dto, new Date());
    if (errors.length > 0) throw new NeedError(NeedErrorCode.ValidationFailed, 'Some fields are not valid', errors);
    const id = uuidv7();
    await this.dataSource.getRepository(Need).insert({
      id,
      orgId: dto.orgId,
      postedBy: user.id,
      kind: dto.kind,
      title: dto.title,
      description: dto.description ?? '',
      category: dto.category,
      quantity: dto.quantity,
      unit: dto.kind === 'skill' ? '人' : (dto.unit ?? ''),
      lat: dto.lat,
      lng: dto.lng,
      address: dto.address,
      neighbourhood: dto.neighbourhood,
      deadline: new Date(dto.deadline),
      urgency: dto.urgency,
      beneficiaries: dto.beneficiaries,
      windowStart: dto.windowStart ? new Date(dto.windowStart) : null,
      windowEnd: dto.windowEnd ? new Date(dto.windowEnd) : null,
      status: 'open',
    });
    return this.get(id);
  }

  /** What the field rules cannot say: the category fits the kind, the deadline and window lie ahead. */
  crossFieldErrors(dto: CreateNeedDto, now: Date): FieldError[] {
    const errors: FieldError[] = [];
    const categories: readonly string[] = dto.kind === 'item' ? ItemCategories : Skills;
    if (!categories.includes(dto.category)) {
      errors.push({ field: 'category', errors: [`category must be ${dto.kind === 'item' ? 'an item category' : 'a skill'} for a ${dto.kind} need`] });
    }
    const deadline = new Date(dto.deadline);
    if (deadline.getTime() <= now.getTime()) errors.push({ field: 'deadline', errors: ['deadline must be in the future'] });
    if (dto.kind === 'skill') {
      if (!dto.windowStart) errors.push({ field: 'windowStart', errors: ['windowStart is required for a skill need'] });
      if (!dto.windowEnd) errors.push({ field: 'windowEnd', errors: ['windowEnd is required for a skill need'] });
      if (dto.windowStart && dto.windowEnd) {
        const start = new Date(dto.windowStart).getTime();
        const end = new Date(dto.windowEnd).getTime();
        if (end <= start) errors.push({ field: 'windowEnd', errors: ['windowEnd must be after windowStart'] });
        else if (end <= now.getTime()) errors.push({ field: 'windowEnd', errors: ['windowEnd must be in the future'] });
        if (start > deadline.getTime()) errors.push({ field: 'windowStart', errors: ['windowStart must not be after the deadline'] });
      }
    } else if (dto.windowStart || dto.windowEnd) {
      errors.push({ field: dto.windowStart ? 'windowStart' : 'windowEnd', errors: ['only skill needs have a time window'] });
    }
    return errors;
  }

  async list(query: ListNeedsQuery): Promise<NeedPageView> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource.getRepository(Need).createQueryBuilder('n').limit(limit + 1);
    if (query.category) qb.andWhere('n.category = :category', { category: query.category });
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.orgId) qb.andWhere('n.org_id = :orgId', { orgId: query.orgId });
    if (query.near) {
      const [lat, lng, km] = query.near.split(',').map(Number) as [number, number, number];
      if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || km <= 0 || km > 500) {
        throw new NeedError(NeedErrorCode.ValidationFailed, 'near is not a valid place and radius', [
          { field: 'near', errors: ['near must be "lat,lng,km" with lat within ±90, lng within ±180 and 0 < km ≤ 500'] },
        ]);
      }
      const after = decodeCursor(query.cursor, distanceAndId);
      qb.addSelect(DISTANCE_SQL, 'distance_km')
        .setParameters({ lat, lng, km })
        .andWhere(`${DISTANCE_SQL} <= :km`)
        .orderBy('distance_km', 'ASC')
        .addOrderBy('n.id', 'ASC');
      if (after) qb.andWhere(`(${DISTANCE_SQL}, n.id) > (:d, :afterId)`, { d: after.d, afterId: after.id });
      const { entities, raw } = await qb.getRawAndEntities<{ distance_km: number }>();
      const distances = new Map(entities.map((e, i) => [e.id, Number(raw[i]?.distance_km)]));
      const views = await this.views(entities);
      return toPage(
        views,
        limit,
        (v) => [distances.get(v.id)!, v.id],
        (v) => ({ ...v, distanceKm: Number(distances.get(v.id)!.toFixed(1)) }),
      );
    }
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC');
    if (after) qb.andWhere('(n.created_at, n.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const views = await this.views(rows);
    return toPage(
      views,
      limit,
      (v) => [v.createdAt, v.id],
      (v) => v,
    );
  }

  async get(id: string): Promise<NeedView> {
    const need = await this.dataSource.getRepository(Need).findOneBy({ id });
    if (!need) throw new NeedError(NeedErrorCode.NeedNotFound);
    return (await this.views([need]))[0]!;
  }

  async close(id: string, dto: CloseNeedDto, user: UserContext): Promise<NeedView> {
    await this.dataSource.transaction(async (manager) => {
      const need = await this.lock(manager, id);
      if (!speaksForNeedsOf(user, need.orgId)) throw new NeedError(NeedErrorCode.NotOrganizerOfOrg);
      if (need.status === 'closed') throw new NeedError(NeedErrorCode.NeedClosed);
      await manager.update(Need, { id }, { status: 'closed', closedReason: dto.reason });
      // Proposals nobody has accepted yet go with it; accepted ones stand.
      await manager.query(
        `UPDATE matches SET status = 'superseded', decided_at = now() WHERE need_id = $1 AND status = 'proposed'`,
        [id],
      );
    });
    return this.get(id);
  }

  /** The need, locked for the caller's transaction. */
  async lock(manager: EntityManager, id: string): Promise<Need> {
    const need = await manager.getRepository(Need).createQueryBuilder('n').setLock('pessimistic_write').where('n.id = :id', { id }).getOne();
    if (!need) throw new NeedError(NeedErrorCode.NeedNotFound);
    return need;
  }

  /** Adds `delta` to what was given to the need, and marks it met (or open again) accordingly. */
  async addMet(manager: EntityManager, id: string, delta: number): Promise<void> {
    await manager.query(
      `UPDATE needs SET met = GREATEST(0, met + $2),
              status = CASE WHEN status IN ('open', 'met') THEN (CASE WHEN met + $2 >= quantity THEN 'met' ELSE 'open' END) ELSE status END
        WHERE id = $1`,
      [id, delta],
    );
  }

  /** Open needs whose deadline has passed become `expired`; their unanswered proposals go with them. */
  async expireLapsed(now: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE needs SET status = 'expired' WHERE status = 'open' AND deadline <= $1 RETURNING id`,
        [now],
      )) as [{ id: string }[], number];
      if (rows.length > 0) {
        await manager.query(`UPDATE matches SET status = 'superseded', decided_at = now() WHERE status = 'proposed' AND need_id = ANY($1)`, [
          rows.map((r) => r.id),
        ]);
      }
      return rows.length;
    });
  }

  private async views(needs: Need[]): Promise<NeedView[]> {
    if (needs.length === 0) return [];
    const names = await this.orgs.namesOf(needs.map((n) => n.orgId));
    const proposed = (await this.dataSource.query(
      `SELECT need_id, sum(quantity)::int AS q FROM matches WHERE status = 'proposed' AND need_id = ANY($1) GROUP BY need_id`,
      [needs.map((n) => n.id)],
    )) as { need_id: string; q: number }[];
    const proposedOf = new Map(proposed.map((p) => [p.need_id, p.q]));
    return needs.map((n) => ({
      id: n.id,
      orgId: n.orgId,
      orgName: names.get(n.orgId) ?? '',
      kind: n.kind,
      title: n.title,
      description: n.description,
      category: n.category,
      quantity: n.quantity,
      unit: n.unit,
      met: n.met,
      proposed: proposedOf.get(n.id) ?? 0,
      remaining: Math.max(0, n.quantity - n.met),
      place: { lat: n.lat, lng: n.lng, address: n.address, neighbourhood: n.neighbourhood },
      deadline: n.deadline.toISOString(),
      urgency: n.urgency,
      beneficiaries: n.beneficiaries,
      windowStart: n.windowStart?.toISOString() ?? null,
      windowEnd: n.windowEnd?.toISOString() ?? null,
      status: n.status,
      closedReason: n.closedReason,
      createdAt: n.createdAt.toISOString(),
    }));
  }
}
