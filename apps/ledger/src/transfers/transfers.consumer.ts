import { Injectable } from '@nestjs/common';
import { Topics, type TransferRequestV1 } from '@goodloop/contracts';
import { OnMessage, OutboxService, type MessageContext } from '@goodloop/common';
import { TransferError } from './transfers.errors';
import { TransfersService } from './transfers.service';

@Injectable()
export class TransfersConsumer {
  constructor(
    private readonly transfers: TransfersService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * `ledger.transfer.request.v1` from another service. Posted → `ledger.transfer.posted.v1`
   * (written by the transfer itself). Refused by a ledger rule → `ledger.transfer.rejected.v1`,
   * and the command counts as handled: it is an answer, not a broken message, so it does not go
   * to the dead-letter topic. A replay (same id, same content) answers nothing new: the posted
   * event of that transfer was already emitted once.
   */
  @OnMessage(Topics.TransferRequestV1)
  async onTransferRequested(
    payload: TransferRequestV1,
    { manager, envelope }: MessageContext<typeof Topics.TransferRequestV1>,
  ): Promise<void> {
    try {
      await this.transfers.transfer(
        { ...payload, references: { ...payload.references, sourceEvent: payload.references?.sourceEvent ?? envelope.id } },
        { manager },
      );
    } catch (error) {
      if (!(error instanceof TransferError)) throw error;
      await this.outbox.add(manager, {
        topic: Topics.TransferRejectedV1,
        key: payload.debitAccount,
        payload: {
          transferId: payload.transferId,
          reasonCode: error.code,
          reason: error.message.slice(0, 500),
          rejectedAt: new Date().toISOString(),
        },
      });
    }
  }
}
