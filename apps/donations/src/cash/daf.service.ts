import { Injectable } from '@nestjs/common';
import { isAdmin, OutboxClient, type UserContext } from '@goodloop/common';
import {
  Topics,
  type CreateRecommendationDto,
  type DafView,
  type RecommendationListView,
  type RecommendationView,
} from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DonationsService } from './donations.service';
import { Donation } from './entities/donation.entity';
import { Fund } from './entities/fund.entity';
import { FundsError, FundsErrorCode } from './funds.errors';
import { fundView, FundsService } from './funds.service';
import { OrgsService } from '../identity/orgs.service';
import { managesOrg } from '../shared/access';
import { Recommendation } from './entities/recommendation.entity';

/** The ledger transfer that pays an approved recommendation. */
export const grantTransferId = (recommendationId: string) => `daf:${recommendationId}`;

/**
 * Donor-advised funds. The donor recommends grants; the host foundation's staff approve or
 * decline with a reason; only an approval asks the ledger to move money (`fund:<daf>` → the
 * round's pool `fund:<id>` or the grantee `org:<id>`). What the donor may still recommend is the
 * ledger balance less what is approved and not yet moved, and less what waits for a decision.
 */
@Injectable()
export class DafService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly donations: DonationsService,
    private readonly outbox: OutboxClient,
    private readonly orgs: OrgsService,
  ) {}

  async get(id: string, user: UserContext): Promise<DafView> {
    const fund = await this.daf(id);
    if (!this.funds.canSeeDaf(fund, user)) throw new FundsError(FundsErrorCode.NotYourFund);
    const recommendations = await this.dataSource
      .getRepository(Recommendation)
      .find({ where: { fundId: id }, order: { createdAt: 'DESC' } });
    const donations = await this.dataSource
      .getRepository(Donation)
      .find({ where: { fundId: id }, order: { createdAt: 'DESC' }, take: 50 });
    const { committed, pending } = await this.commitments(this.dataSource.manager, id);
    return {
      ...fundView(fund, await this.funds.orgName(fund.orgId)),
      committed,
      available: Math.max(0, fund.balanceFen - committed - pending),
      recommendations: await this.views(recommendations),
      donations: await Promise.all(donations.map((d) => this.donations.view(d))),
    };
  }

  async recommend(id: string, dto: CreateRecommendationDto, user: UserContext): Promise<RecommendationView> {
    const recommendation = await this.dataSource.transaction(async (manager) => {
      const fund = await this.lockDaf(manager, id);
      if (fund.ownerId !== user.id)
        throw new FundsError(FundsErrorCode.NotYourFund, 'Only the fund’s donor recommends its grants');
      await this.checkTarget(manager, dto.targetKind, dto.targetId, id);
      const { committed, pending } = await this.commitments(manager, id);
      if (dto.amount > fund.balanceFen - committed - pending) {
        throw new FundsError(FundsErrorCode.InsufficientFundBalance, undefined, [
          { field: 'amount', errors: [`at most ${Math.max(0, fund.balanceFen - committed - pending)} fen is free to recommend`] },
        ]);
      }
      const rid = uuidv7();
      await manager.getRepository(Recommendation).insert({
        id: rid,
        fundId: id,
        amountFen: dto.amount,
        targetKind: dto.targetKind,
        targetId: dto.targetId,
        applicationRef: dto.applicationRef ?? null,
        note: dto.note ?? '',
        status: 'pending',
        createdBy: user.id,
      });
      return manager.getRepository(Recommendation).findOneByOrFail({ id: rid });
    });
    return (await this.views([recommendation]))[0]!;
  }

  /** Waiting recommendations of the funds the caller's foundations host (all of them for an admin). */
  async pending(user: UserContext): Promise<RecommendationListView> {
    const orgs = user.memberships.filter((m) => m.role === 'foundation_staff').map((m) => m.orgId);
    if (!isAdmin(user) && orgs.length === 0) return { items: [] };
    const qb = this.dataSource
      .getRepository(Recommendation)
      .createQueryBuilder('r')
      .innerJoin(Fund, 'f', 'f.id = r.fund_id')
      .where(`r.status = 'pending'`)
      .orderBy('r.created_at', 'ASC');
    if (!isAdmin(user)) qb.andWhere('f.org_id IN (:...orgs)', { orgs });
    return { items: await this.views(await qb.getMany()) };
  }

  async approve(id: string, user: UserContext): Promise<RecommendationView> {
    const recommendation = await this.dataSource.transaction(async (manager) => {
      const rec = await this.lockRecommendation(manager, id);
      const fund = await this.lockDaf(manager, rec.fundId);
      if (!managesOrg(user, fund.orgId)) throw new FundsError(FundsErrorCode.NotFoundationStaff);
      if (rec.status === 'approved' || rec.status === 'paid') return rec;
      if (rec.status !== 'pending') throw new FundsError(FundsErrorCode.RecommendationNotPending);
      const { committed } = await this.commitments(manager, fund.id);
      if (rec.amountFen > fund.balanceFen - committed) throw new FundsError(FundsErrorCode.InsufficientFundBalance);
      await manager.update(Recommendation, { id }, { status: 'approved', decidedBy: user.id, decidedAt: new Date() });
      this.outbox.within(manager).emit(Topics.TransferRequestV1, {
        key: `fund:${fund.id}`,
        value: {
          transferId: grantTransferId(id),
          debitAccount: `fund:${fund.id}`,
          creditAccount: rec.targetKind === 'fund' ? `fund:${rec.targetId}` : `org:${rec.targetId}`,
          asset: 'CNY',
          amount: rec.amountFen,
          code: 'grant',
          references: {
            requestedBy: `user:${user.id}`,
            description: `${fund.name}${rec.applicationRef ? ` · ${rec.applicationRef}` : ''}`,
            sourceEvent: `recommendation:${id}`,
          },
        },
      });
      return manager.getRepository(Recommendation).findOneByOrFail({ id });
    });
    return (await this.views([recommendation]))[0]!;
  }

  async decline(id: string, reason: string, user: UserContext): Promise<RecommendationView> {
    const recommendation = await this.dataSource.transaction(async (manager) => {
      const rec = await this.lockRecommendation(manager, id);
      const fund = await this.funds.get(rec.fundId, manager);
      if (!managesOrg(user, fund.orgId)) throw new FundsError(FundsErrorCode.NotFoundationStaff);
      if (rec.status !== 'pending') throw new FundsError(FundsErrorCode.RecommendationNotPending);
      await manager.update(Recommendation, { id }, { status: 'declined', reason, decidedBy: user.id, decidedAt: new Date() });
      return manager.getRepository(Recommendation).findOneByOrFail({ id });
    });
    return (await this.views([recommendation]))[0]!;
  }

  /** The ledger moved an approved grant (consumer). */
  async markPaid(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE recommendations SET status = 'paid' WHERE id = $1 AND status = 'approved'`, [id]);
  }

  /** The ledger refused an approved grant (consumer): it is failed, with the ledger's reason. */
  async markFailed(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(`UPDATE recommendations SET status = 'failed', reason = $2 WHERE id = $1 AND status = 'approved'`, [
      id,
      reason.slice(0, 500),
    ]);
  }

  private async commitments(manager: EntityManager, fundId: string): Promise<{ committed: number; pending: number }> {
    const [row] = (await manager.query(
      `SELECT coalesce(sum(amount_fen) FILTER (WHERE status = 'approved'), 0)::bigint::text AS committed,
              coalesce(sum(amount_fen) FILTER (WHERE status = 'pending'), 0)::bigint::text AS pending
         FROM recommendations WHERE fund_id = $1`,
      [fundId],
    )) as { committed: string; pending: string }[];
    return { committed: Number(row!.committed), pending: Number(row!.pending) };
  }

  private async checkTarget(manager: EntityManager, kind: 'fund' | 'org', targetId: string, dafId: string): Promise<void> {
    const exists =
      kind === 'fund' ? await manager.getRepository(Fund).findOneBy({ id: targetId }) : await this.orgs.get(targetId);
    if (!exists || targetId === dafId || (kind === 'fund' && (exists as Fund).kind === 'daf')) {
      throw new FundsError(FundsErrorCode.TargetNotFound, undefined, [
        { field: 'targetId', errors: ['targetId must name a fund or an organisation'] },
      ]);
    }
  }

  private async daf(id: string): Promise<Fund> {
    const fund = await this.funds.get(id);
    if (fund.kind !== 'daf') throw new FundsError(FundsErrorCode.FundNotFound, 'No such donor-advised fund');
    return fund;
  }

  private async lockDaf(manager: EntityManager, id: string): Promise<Fund> {
    const fund = await manager
      .getRepository(Fund)
      .createQueryBuilder('f')
      .setLock('pessimistic_write')
      .where('f.id = :id', { id })
      .getOne();
    if (!fund || fund.kind !== 'daf') throw new FundsError(FundsErrorCode.FundNotFound, 'No such donor-advised fund');
    return fund;
  }

  private async lockRecommendation(manager: EntityManager, id: string): Promise<Recommendation> {
    const rec = await manager
      .getRepository(Recommendation)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
    if (!rec) throw new FundsError(FundsErrorCode.RecommendationNotFound);
    return rec;
  }

  private async views(rows: Recommendation[]): Promise<RecommendationView[]> {
    if (rows.length === 0) return [];
    const fundIds = [...new Set(rows.flatMap((r) => [r.fundId, ...(r.targetKind === 'fund' ? [r.targetId] : [])]))];
    const funds = await this.dataSource
      .getRepository(Fund)
      .createQueryBuilder('f')
      .where('f.id IN (:...fundIds)', { fundIds })
      .getMany();
    const orgIds = [...new Set(rows.filter((r) => r.targetKind === 'org').map((r) => r.targetId))];
    const fundName = new Map(funds.map((f) => [f.id, f.name]));
    const orgName = await this.orgs.namesOf(orgIds);
    return rows.map((r) => ({
      id: r.id,
      fundId: r.fundId,
      fundName: fundName.get(r.fundId) ?? '',
      amount: r.amountFen,
      targetKind: r.targetKind,
      targetId: r.targetId,
      targetName: (r.targetKind === 'fund' ? fundName.get(r.targetId) : orgName.get(r.targetId)) ?? '',
      applicationRef: r.applicationRef,
      note: r.note,
      status: r.status,
      reason: r.reason,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
