import { Injectable, Logger } from '@nestjs/common';
import { Topics, type HoursVerifiedV1 } from '@goodloop/contracts';
import { OnMessage, PermanentMessageError, type MessageContext } from '@goodloop/common';
import { earnTransferId, issuanceKey, pointsForVerifiedMinutes, userWalletKey } from '../domain';
import { TransferError } from '../transfers/transfers.errors';
import { TransfersService } from '../transfers/transfers.service';

@Injectable()
export class HoursVerifiedConsumer {
  private readonly logger = new Logger(HoursVerifiedConsumer.name);

  constructor(private readonly transfers: TransfersService) {}

  /**
   * Credits the resident's points for one verified attendance, issued by the activity's points
   * programme. Two locks against paying twice: the inbox (the same message) and the transfer id
   * derived from the attendance (the same attendance in another message).
   *
   * A ledger refusal here (a frozen wallet, the attendance id already used with another amount)
   * cannot be fixed by retrying, so the message goes to the dead-letter topic with the reason,
   * where an operator can see it and replay it once the cause is dealt with.
   */
  @OnMessage(Topics.HoursVerifiedV1)
  async onHoursVerified(
    payload: HoursVerifiedV1,
    { manager, envelope }: MessageContext<typeof Topics.HoursVerifiedV1>,
  ): Promise<void> {
    const points = pointsForVerifiedMinutes(payload.minutes, payload.pointsPerHour);
    if (points === 0) {
      this.logger.debug(
        `attendance ${payload.attendanceId}: ${payload.minutes} min at ${payload.pointsPerHour} pph earns nothing`,
      );
      return;
    }
    try {
      await this.transfers.transfer(
        {
          transferId: earnTransferId(payload.attendanceId),
          debitAccount: issuanceKey(payload.programmeId),
          creditAccount: userWalletKey(payload.userId),
          asset: 'POINTS',
          amount: points,
          code: 'earn',
          references: { sourceEvent: envelope.id, requestedBy: payload.verifiedBy, description: payload.activityTitle },
        },
        { manager },
      );
    } catch (error) {
      if (error instanceof TransferError) throw new PermanentMessageError(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}
