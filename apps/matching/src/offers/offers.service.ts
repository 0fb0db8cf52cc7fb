import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage, CursorKeys, type UserContext } from '@goodloop/common';
import {
  SKILL_NAMES,
  type ListOffersQuery,
  type OfferPageView,
  type OfferView,
  type StockChangedV1,
  type VolunteerProfileChangedV1,
} from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { OrgsService } from '../identity/orgs.service';
import { seesOffers } from '../shared/access';
import { Offer } from './entities/offer.entity';
import { OfferError, OfferErrorCode } from './offers.errors';

/** A volunteer as others see them in offers and proposals: their skills, never their name or home. */
export function volunteerLabel(skills: readonly string[], starLevel: number): string {
  const names = skills.slice(0, 3).map((s) => SKILL_NAMES[s as keyof typeof SKILL_NAMES]?.['zh-CN'] ?? s);
  return `志愿者${starLevel > 0 ? ` ${'★'.repeat(starLevel)}` : ''} · ${names.join('、')}`.slice(0, 120);
}

/**
 * The offers read model: what donations has in stock (per pledge) and what volunteers can do,
 * kept from their events. A message older than what is stored (by its version) is ignored, so
 * redelivery or reordering never brings back an old state.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgsService,
  ) {}

  async applyStock(manager: EntityManager, event: StockChangedV1): Promise<void> {
    const version = String(new Date(event.changedAt).getTime());
    const located = event.pickupLat !== undefined && event.pickupLng !== undefined;
    const live = event.status === 'in_stock' || event.status === 'allocated';
    await this.upsert(manager, {
      id: event.pledgeId,
      kind: 'item',
      categories: event.itemCategory ? [event.itemCategory] : [],
      confirmedSkills: [],
      label: event.item,
      orgId: event.orgId,
      available: live ? event.inStock : 0,
      unit: event.unit,
      lat: located ? event.pickupLat! : null,
      lng: located ? event.pickupLng! : null,
      place: event.pickupPlace,
      expiresOn: event.expiresOn,
      forBeneficiaries: event.forBeneficiaries ?? [],
      conditions: event.conditions ?? '',
      availability: [],
      reachKm: null,
      starLevel: 0,
      matchable: live && located && !!event.itemCategory,
      version,
      updatedAt: new Date(event.changedAt),
    });
  }

  async applyProfile(manager: EntityManager, event: VolunteerProfileChangedV1): Promise<void> {
    await this.upsert(manager, {
      id: event.userId,
      kind: 'skill',
      categories: event.skills,
      confirmedSkills: event.confirmedSkills,
      label: volunteerLabel(event.skills, event.starLevel),
      orgId: null,
      available: 1,
      unit: '人',
      lat: event.homeArea?.lat ?? null,
      lng: event.homeArea?.lng ?? null,
      place: event.homeArea?.address ?? '',
      expiresOn: null,
      forBeneficiaries: [],
      conditions: '',
      availability: event.availability.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
      reachKm: event.homeArea?.reachKm ?? null,
      starLevel: event.starLevel,
      matchable: event.skills.length > 0 && !!event.homeArea,
      version: String(event.version),
      updatedAt: new Date(event.changedAt),
    });
  }

  /** Inserts the offer, or overwrites it when `row` is newer (by version) than what is stored. */
  private async upsert(manager: EntityManager, row: Offer): Promise<void> {
    const columns: [string, unknown][] = [
      ['id', row.id],
      ['kind', row.kind],
      ['categories', row.categories],
      ['confirmed_skills', row.confirmedSkills],
      ['label', row.label.slice(0, 120)],
      ['org_id', row.orgId],
      ['available', row.available],
      ['unit', row.unit],
      ['lat', row.lat],
      ['lng', row.lng],
      ['place', row.place],
      ['expires_on', row.expiresOn],
      ['for_beneficiaries', row.forBeneficiaries],
      ['conditions', row.conditions],
      ['availability', JSON.stringify(row.availability)],
      ['reach_km', row.reachKm],
      ['star_level', row.starLevel],
      ['matchable', row.matchable],
      ['version', row.version],
      ['updated_at', row.updatedAt],
    ];
    const names = columns.map(([name]) => `"${name}"`).join(', ');
    const values = columns.map((_, i) => `$${i + 1}`).join(', ');
    const updates = columns
      .slice(1)
      .map(([name]) => `"${name}" = EXCLUDED."${name}"`)
      .join(', ');
    await manager.query(
      `INSERT INTO offers (${names}) VALUES (${values})
       ON CONFLICT (id) DO UPDATE SET ${updates} WHERE offers.version < EXCLUDED.version`,
      columns.map(([, value]) => value),
    );
  }

  async list(query: ListOffersQuery, user: UserContext): Promise<OfferPageView> {
    if (!seesOffers(user)) throw new OfferError(OfferErrorCode.NotAllowed);
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.dataSource
      .getRepository(Offer)
      .createQueryBuilder('o')
      .where('o.matchable')
      .andWhere('o.available > 0')
      .orderBy('o.updated_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.category) qb.andWhere(':category = ANY(o.categories)', { category: query.category });
    if (after) qb.andWhere('(o.updated_at, o.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const names = await this.orgs.namesOf(rows.flatMap((r) => r.orgId ?? []));
    const committed = await this.committed(rows.map((r) => r.id));
    return toPage(
      rows,
      limit,
      (r) => [r.updatedAt.toISOString(), r.id],
      (r) => offerView(r, names, committed.get(r.id) ?? 0),
    );
  }

  /** Quantities of each offer promised in proposals and acceptances still open (not yet allocated). */
  async committed(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT offer_id, sum(quantity)::int AS q FROM matches WHERE (status = 'proposed' OR (status = 'accepted' AND kind = 'item')) AND offer_id = ANY($1) GROUP BY offer_id`,
      [ids],
    )) as { offer_id: string; q: number }[];
    return new Map(rows.map((r) => [r.offer_id, r.q]));
  }
}

export function offerView(o: Offer, names: Map<string, string>, committed: number): OfferView {
  return {
    id: o.id,
    kind: o.kind,
    categories: o.categories,
    label: o.label,
    orgId: o.orgId,
    orgName: o.orgId ? (names.get(o.orgId) ?? '') : '',
    available: Math.max(0, o.available - committed),
    unit: o.unit,
    lat: o.lat,
    lng: o.lng,
    place: o.place,
    expiresOn: o.expiresOn,
    forBeneficiaries: o.forBeneficiaries,
    conditions: o.conditions,
    ...(o.kind === 'skill' ? { starLevel: o.starLevel } : {}),
    updatedAt: o.updatedAt.toISOString(),
  };
}
