import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OutboxClient, type MessageContext } from '@goodloop/common';
import { MatchAcceptedV1, Topics } from '@goodloop/contracts';
import type { EntityManager } from 'typeorm';
import { PledgeAllocation } from './entities/pledge-allocation.entity';
import { Pledge } from './entities/pledge.entity';
import { chinaToday, inStockOf, PledgesService } from './pledges.service';

/**
 * Accepted item matches (`matching.match.accepted.v1`): the agreed quantity of the pledge is
 * allocated to the need — or what is left of it, when residents redeemed some meanwhile — and
 * the answer goes back to matching (`donations.allocation.recorded.v1`). One allocation row per
 * match: an acceptance delivered again finds it and changes nothing.
 */
@Controller()
export class MatchAllocationsConsumer {
  constructor(
    private readonly pledges: PledgesService,
    private readonly outbox: OutboxClient,
  ) {}

  @EventPattern(Topics.MatchAcceptedV1)
  async onMatchAccepted(@Payload() event: MatchAcceptedV1, @Ctx() context: MessageContext): Promise<void> {
    if (event.kind !== 'item' || !event.pledgeId) return;
    const manager = context.getManager();
    if (await manager.getRepository(PledgeAllocation).existsBy({ matchId: event.matchId })) return;
    const allocated = await this.allocatable(manager, event.pledgeId, event.quantity);
    if (allocated > 0) await this.pledges.allocate(manager, event.pledgeId, allocated);
    await manager.getRepository(PledgeAllocation).insert({
      matchId: event.matchId,
      pledgeId: event.pledgeId,
      needId: event.needId,
      needTitle: event.needTitle,
      needOrgId: event.needOrgId,
      requested: event.quantity,
      allocated,
    });
    this.outbox.within(manager).emit(Topics.AllocationRecordedV1, {
      key: event.matchId,
      value: {
        matchId: event.matchId,
        pledgeId: event.pledgeId,
        requested: event.quantity,
        allocated,
        recordedAt: new Date().toISOString(),
      },
    });
  }

  /** How much of `wanted` the pledge can give now: 0 when it is unknown, not in stock or expired. */
  private async allocatable(manager: EntityManager, pledgeId: string, wanted: number): Promise<number> {
    const p = await manager
      .getRepository(Pledge)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :pledgeId', { pledgeId })
      .getOne();
    if (!p || (p.status !== 'in_stock' && p.status !== 'allocated') || p.expiresOn < chinaToday()) return 0;
    return Math.max(0, Math.min(wanted, inStockOf(p)));
  }
}
