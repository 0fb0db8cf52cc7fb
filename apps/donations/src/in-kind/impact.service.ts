import { Injectable } from '@nestjs/common';
import type { UserContext } from '@goodloop/common';
import type { ImpactView } from '@goodloop/contracts';
import { parseAmount } from '@goodloop/money';
import { DataSource } from 'typeorm';
import { Pledge } from './entities/pledge.entity';
import { PledgesService } from './pledges.service';
import { InKindError, InKindErrorCode } from './in-kind.errors';
import { anonymisedResident, seesOrg } from '../shared/access';

/**
 * A business's impact (its CSR report): what it pledged and what staff received, what residents
 * redeemed or needs were matched with, the estimated in-kind value of what was handed over, and
 * the recent recipients, anonymised. In-kind value is a separate figure, never cash.
 */
@Injectable()
export class ImpactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pledges: PledgesService,
  ) {}

  async of(orgId: string, user: UserContext): Promise<ImpactView> {
    if (!seesOrg(user, orgId)) throw new InKindError(InKindErrorCode.NotYourBusiness);
    const pledges = await this.dataSource.getRepository(Pledge).find({ where: { orgId }, order: { createdAt: 'ASC' } });
    const redeemed = (await this.dataSource.query(
      `SELECT w.pledge_id, sum(r.quantity)::bigint::text AS quantity, sum(r.points)::bigint::text AS points, count(*)::int AS n
         FROM redemptions r JOIN rewards w ON w.id = r.reward_id
        WHERE r.org_id = $1 AND r.status = 'fulfilled' GROUP BY w.pledge_id`,
      [orgId],
    )) as { pledge_id: string; quantity: string; points: string; n: number }[];
    const byPledge = new Map(redeemed.map((r) => [r.pledge_id, r]));
    const matchedRows = (await this.dataSource.query(
      `SELECT a.pledge_id, sum(a.allocated)::bigint::text AS quantity
         FROM pledge_allocations a JOIN pledges p ON p.id = a.pledge_id
        WHERE p.org_id = $1 GROUP BY a.pledge_id`,
      [orgId],
    )) as { pledge_id: string; quantity: string }[];
    const matchedByPledge = new Map(matchedRows.map((r) => [r.pledge_id, parseAmount(r.quantity)]));
    const [people] = (await this.dataSource.query(
      `SELECT count(DISTINCT resident_id)::int AS n FROM redemptions WHERE org_id = $1 AND status = 'fulfilled'`,
      [orgId],
    )) as { n: number }[];
    const recent = (await this.dataSource.query(
      `SELECT r.resident_id, w.title, r.quantity::text AS quantity, r.fulfilled_at
         FROM redemptions r JOIN rewards w ON w.id = r.reward_id
        WHERE r.org_id = $1 AND r.status = 'fulfilled' ORDER BY r.fulfilled_at DESC LIMIT 50`,
      [orgId],
    )) as { resident_id: string; title: string; quantity: string; fulfilled_at: Date }[];

    const lines = pledges.map((p) => {
      const r = byPledge.get(p.id);
      const redeemedQty = Number(r?.quantity ?? 0);
      // Set aside for community needs through accepted matches (outside the catalogue).
      const matched = matchedByPledge.get(p.id) ?? 0;
      return {
        pledgeId: p.id,
        item: p.item,
        category: p.category,
        unit: p.unit,
        unitValue: p.unitValueFen,
        pledged: p.quantity,
        received: p.receivedQuantity,
        redeemed: redeemedQty,
        matched,
        deliveredValue: p.deliveredQuantity * p.unitValueFen,
        status: p.status,
      };
    });
    const live = pledges.filter((p) => p.status !== 'cancelled');
    return {
      orgId,
      orgName: (await this.pledges.orgNames([orgId])).get(orgId) ?? '',
      pledges: lines,
      recent: recent.map((r) => ({
        resident: anonymisedResident(orgId, r.resident_id),
        item: r.title,
        quantity: Number(r.quantity),
        at: new Date(r.fulfilled_at).toISOString(),
      })),
      totals: {
        pledgedValue: live.reduce((sum, p) => sum + p.quantity * p.unitValueFen, 0),
        receivedValue: live.reduce((sum, p) => sum + (p.receivedQuantity ?? 0) * p.unitValueFen, 0),
        deliveredValue: lines.reduce((sum, l) => sum + l.deliveredValue, 0),
        redemptions: redeemed.reduce((sum, r) => sum + r.n, 0),
        residents: people?.n ?? 0,
        pointsRedeemed: redeemed.reduce((sum, r) => sum + parseAmount(r.points), 0),
      },
      generatedAt: new Date().toISOString(),
    };
  }
}
