import { Injectable } from '@nestjs/common';
import { CursorKeys, decodeCursor, isAdmin, OutboxClient, toPage, type UserContext } from '@goodloop/common';
import {
  Topics,
  type AllocationRecordedV1,
  type DeclineMatchDto,
  type ListMatchesQuery,
  type MatchPageView,
  type MatchView,
} from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedsService } from '../needs/needs.service';
import { isMatchingStaff, speaksForBusiness, speaksForNeedsOf } from '../shared/access';
import { Match } from './entities/match.entity';
import { MatchError, MatchErrorCode } from './matches.errors';

type Side = 'need' | 'offer' | 'both';

/** Which side of `m` the caller answers for, if any. */
export function sideOf(m: Pick<Match, 'kind' | 'needOrgId' | 'offerId' | 'offerOrgId'>, user: UserContext): Side | null {
  const need = speaksForNeedsOf(user, m.needOrgId);
  // A volunteer answers for themself; nobody, not even an admin, accepts an invitation on their behalf.
  const offer = m.kind === 'skill' ? m.offerId === user.id : !!m.offerOrgId && speaksForBusiness(user, m.offerOrgId);
  if (need && offer) return 'both';
  return need ? 'need' : offer ? 'offer' : null;
}

/**
 * Proposed matches and their answers. Each side (the need's organizers; the business for stock
 * or the volunteer for skills) accepts or declines once. When both have accepted, the match is
 * `accepted`, counts towards the need, and `matching.match.accepted.v1` goes out in the same
 * transaction: donations allocates the stock, volunteers invites the volunteer. A decline frees
 * the quantity for the next run.
 */
@Injectable()
export class MatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
    private readonly needs: NeedsService,
  ) {}

  async list(query: ListMatchesQuery, user: UserContext): Promise<MatchPageView> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.dataSource
      .getRepository(Match)
      .createQueryBuilder('m')
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit + 1);
    if (query.runId) {
      if (!isMatchingStaff(user)) throw new MatchError(MatchErrorCode.NotYourMatch, 'Only foundation staff see a whole run');
      qb.andWhere('m.run_id = :runId', { runId: query.runId });
    } else if (!isAdmin(user)) {
      const needOrgs = user.memberships.filter((m) => m.role === 'organizer' || m.role === 'foundation_staff').map((m) => m.orgId);
      const businesses = user.memberships.filter((m) => m.role === 'business').map((m) => m.orgId);
      qb.andWhere(
        `(m.need_org_id = ANY(:needOrgs) OR m.offer_org_id = ANY(:businesses) OR (m.kind = 'skill' AND m.offer_id = :me))`,
        { needOrgs, businesses, me: user.id },
      );
      // Superseded proposals are history for staff; the people answering see what is live or decided.
      if (!query.status) qb.andWhere(`m.status <> 'superseded'`);
    }
    if (query.needId) qb.andWhere('m.need_id = :needId', { needId: query.needId });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (after) qb.andWhere('(m.created_at, m.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const views = await this.views(rows, user);
    return toPage(
      views,
      limit,
      (v) => [v.createdAt, v.id],
      (v) => v,
    );
  }

  async accept(id: string, user: UserContext): Promise<MatchView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const m = await this.lock(manager, id);
      const side = this.answerable(m, user);
      const needSide = side === 'offer' ? m.needSide : 'accepted';
      const offerSide = side === 'need' ? m.offerSide : 'accepted';
      if (needSide === 'accepted' && offerSide === 'accepted') {
        // Lock order: match, then need (as every writer of both does).
        const need = await this.needs.lock(manager, m.needId);
        if (need.status !== 'open' || need.quantity - need.met < m.quantity) throw new MatchError(MatchErrorCode.NeedNoLongerOpen);
        const acceptedAt = new Date();
        await manager.update(Match, { id }, { needSide, offerSide, status: 'accepted', decidedAt: acceptedAt });
        await this.needs.addMet(manager, m.needId, m.quantity);
        this.outbox.within(manager).emit(Topics.MatchAcceptedV1, {
          key: m.id,
          value: {
            matchId: m.id,
            runId: m.runId,
            kind: m.kind,
            needId: m.needId,
            needTitle: need.title,
            needOrgId: m.needOrgId,
            category: need.category,
            quantity: m.quantity,
            ...(m.kind === 'item' ? { pledgeId: m.offerId } : { volunteerId: m.offerId }),
            address: need.address,
            ...(need.windowStart ? { windowStart: need.windowStart.toISOString() } : {}),
            ...(need.windowEnd ? { windowEnd: need.windowEnd.toISOString() } : {}),
            acceptedAt: acceptedAt.toISOString(),
          },
        });
      } else {
        await manager.update(Match, { id }, { needSide, offerSide });
      }
      return manager.getRepository(Match).findOneByOrFail({ id });
    });
    return (await this.views([saved], user))[0]!;
  }

  async decline(id: string, dto: DeclineMatchDto, user: UserContext): Promise<MatchView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const m = await this.lock(manager, id);
      const side = this.answerable(m, user);
      await manager.update(
        Match,
        { id },
        {
          ...(side === 'offer' ? {} : { needSide: 'declined' as const }),
          ...(side === 'need' ? {} : { offerSide: 'declined' as const }),
          status: 'declined',
          declineReason: dto.reason ?? null,
          decidedAt: new Date(),
        },
      );
      return manager.getRepository(Match).findOneByOrFail({ id });
    });
    return (await this.views([saved], user))[0]!;
  }

  /**
   * Donations' answer to an accepted item match: `allocated` of it was set aside. Less than
   * agreed makes the match `short` and gives the difference back to the need. Applied once
   * (the inbox), and only to a match still waiting for it.
   */
  async onAllocationRecorded(manager: EntityManager, event: AllocationRecordedV1): Promise<void> {
    const m = await manager
      .getRepository(Match)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.id = :id', { id: event.matchId })
      .getOne();
    if (!m || m.status !== 'accepted' || m.kind !== 'item') return;
    const short = event.allocated < m.quantity;
    await manager.update(Match, { id: m.id }, { status: short ? 'short' : 'allocated', allocated: event.allocated });
    if (short) {
      await this.needs.lock(manager, m.needId);
      await this.needs.addMet(manager, m.needId, event.allocated - m.quantity);
    }
  }

  private answerable(m: Match, user: UserContext): Side {
    const side = sideOf(m, user);
    if (!side) throw new MatchError(MatchErrorCode.NotYourMatch);
    if (m.status !== 'proposed') {
      throw new MatchError(m.status === 'declined' || m.status === 'superseded' ? MatchErrorCode.MatchClosed : MatchErrorCode.AlreadyAnswered);
    }
    const mine = side === 'need' ? [m.needSide] : side === 'offer' ? [m.offerSide] : [m.needSide, m.offerSide];
    if (mine.every((answer) => answer !== 'pending')) throw new MatchError(MatchErrorCode.AlreadyAnswered);
    return side;
  }

  private async lock(manager: EntityManager, id: string): Promise<Match> {
    const m = await manager.getRepository(Match).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
    if (!m) throw new MatchError(MatchErrorCode.MatchNotFound);
    return m;
  }

  private async views(rows: Match[], user: UserContext): Promise<MatchView[]> {
    if (rows.length === 0) return [];
    const needs = (await this.dataSource.query(
      `SELECT id, title, neighbourhood, category, unit FROM needs WHERE id = ANY($1)`,
      [[...new Set(rows.map((r) => r.needId))]],
    )) as { id: string; title: string; neighbourhood: string; category: string; unit: string }[];
    const needOf = new Map(needs.map((n) => [n.id, n]));
    return rows.map((m) => {
      const need = needOf.get(m.needId);
      const side = sideOf(m, user);
      return {
        id: m.id,
        runId: m.runId,
        kind: m.kind,
        needId: m.needId,
        needTitle: need?.title ?? '',
        needOrgId: m.needOrgId,
        needNeighbourhood: need?.neighbourhood ?? '',
        offerId: m.offerId,
        offerLabel: m.offerLabel,
        offerOrgId: m.offerOrgId,
        category: need?.category ?? '',
        quantity: m.quantity,
        unit: need?.unit ?? '',
        score: m.score,
        value: m.score * m.quantity,
        parts: m.parts,
        distanceKm: m.distanceKm,
        status: m.status,
        needSide: m.needSide,
        offerSide: m.offerSide,
        declineReason: m.declineReason,
        allocated: m.allocated,
        ...(side ? { mySide: side } : {}),
        createdAt: m.createdAt.toISOString(),
        decidedAt: m.decidedAt?.toISOString() ?? null,
      };
    });
  }
}
