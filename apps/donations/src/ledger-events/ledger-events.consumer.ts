import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { Topics, TransferPostedV1, TransferRejectedV1, TransferReservedV1, TransferVoidedV1 } from '@goodloop/contracts';
import { DonationsService } from '../cash/donations.service';
import { DafService } from '../cash/daf.service';
import { FundsService } from '../cash/funds.service';
import { redemptionOf, RedemptionsService } from '../in-kind/redemptions.service';

const DONATION = /^donation:([0-9a-f-]{36})$/i;
const GRANT = /^daf:([0-9a-f-]{36})$/i;
const HOLD = /^redeem:([0-9a-f-]{36})$/i;

/**
 * The ledger's answers, applied inside the inbox transaction (once per message). The ledger
 * announces every transfer; this service acts on its own (`donation:`, `daf:`, `redeem:`) and
 * on any CNY movement of a fund's account, whose balance it mirrors.
 */
@Controller()
export class LedgerEventsConsumer {
  constructor(
    private readonly funds: FundsService,
    private readonly donations: DonationsService,
    private readonly daf: DafService,
    private readonly redemptions: RedemptionsService,
  ) {}

  @EventPattern(Topics.TransferPostedV1)
  async onPosted(@Payload() event: TransferPostedV1, @Ctx() context: MessageContext): Promise<void> {
    const manager = context.getManager();
    if (event.asset === 'CNY') await this.funds.applyPosted(manager, event.debitAccount, event.creditAccount, event.amount);
    const donation = DONATION.exec(event.transferId)?.[1];
    if (donation) return this.donations.markPosted(manager, donation);
    const grant = GRANT.exec(event.transferId)?.[1];
    if (grant) return this.daf.markPaid(manager, grant);
    const redemption = redemptionOf(event.pendingId);
    if (redemption) return this.redemptions.onPosted(manager, redemption, event.postedAt);
  }

  @EventPattern(Topics.TransferReservedV1)
  async onReserved(@Payload() event: TransferReservedV1, @Ctx() context: MessageContext): Promise<void> {
    const redemption = HOLD.exec(event.transferId)?.[1];
    if (redemption) await this.redemptions.onHeld(context.getManager(), redemption, event.timeoutAt);
  }

  @EventPattern(Topics.TransferVoidedV1)
  async onVoided(@Payload() event: TransferVoidedV1, @Ctx() context: MessageContext): Promise<void> {
    const redemption = redemptionOf(event.pendingId);
    if (redemption) await this.redemptions.onReleased(context.getManager(), redemption, event.reason);
  }

  @EventPattern(Topics.TransferRejectedV1)
  async onRejected(@Payload() event: TransferRejectedV1, @Ctx() context: MessageContext): Promise<void> {
    const manager = context.getManager();
    const grant = GRANT.exec(event.transferId)?.[1];
    if (grant) return this.daf.markFailed(manager, grant, `${event.reasonCode}: ${event.reason}`);
    // Only the hold itself: a refused post or void leaves the hold to its own answer (voided at the timeout at the latest).
    const redemption = HOLD.exec(event.transferId)?.[1];
    if (redemption) await this.redemptions.onRefused(manager, redemption, event.reasonCode);
  }
}
