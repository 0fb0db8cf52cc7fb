import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type TransferRequestV1, type TransferReverseV1, type TransferSettleV1 } from '@goodloop/contracts';
import { BATCH, OutboxClient, type BatchMessage } from '@goodloop/common';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { LedgerRuleError, validateCommand, validateLinked, type CommandOrigin, type LedgerCommand } from '../domain';
import { LedgerEngine, type CommandUnit } from './ledger-engine';
import { commandOf } from './transfers.service';

/**
 * The ledger's Kafka doors: transfer requests (single or linked), settlements of pending
 * transfers, and reversals. Each fetch goes to the posting engine as a whole, in partition
 * order, in as few database calls as fit — that is what lets the ledger keep up with a queue of
 * requests. There is no inbox: each command carries its transfer id, so a message delivered
 * again replays (nothing new happens, nothing is emitted twice). That holds for refusals too:
 * a refused id is recorded (`transfer_refusals`) with its rejected event, so a redelivery is
 * answered from the record — no posting, whatever changed since, and no second event.
 *
 * Answers: `ledger.transfer.posted.v1` / `.reserved.v1` / `.voided.v1` written by the engine
 * with the transfer; a refusal by a ledger rule → `ledger.transfer.rejected.v1`. A refusal is an
 * answer, not a broken message, so it does not go to the dead-letter topic; a message that
 * breaks the contract does (the Kafka transport sends it there before this runs).
 */
@Controller()
export class TransfersConsumer {
  private readonly logger = new Logger(TransfersConsumer.name);

  constructor(
    private readonly engine: LedgerEngine,
    private readonly outbox: OutboxClient,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(Topics.TransferRequestV1, BATCH)
  async onTransferRequests(@Payload() messages: BatchMessage<typeof Topics.TransferRequestV1>[]): Promise<void> {
    await this.applyAll<TransferRequestV1>(messages, (payload, envelopeId) => {
      const { linked, ...first } = payload;
      return [first, ...(linked ?? [])].map((request) =>
        commandOf({
          ...request,
          references: { ...request.references, sourceEvent: request.references?.sourceEvent ?? envelopeId },
        }),
      );
    });
  }

  @EventPattern(Topics.TransferSettleV1, BATCH)
  async onSettlements(@Payload() messages: BatchMessage<typeof Topics.TransferSettleV1>[]): Promise<void> {
    await this.applyAll<TransferSettleV1>(messages, (payload, envelopeId) => {
      const references = { ...payload.references, sourceEvent: payload.references?.sourceEvent ?? envelopeId };
      return [
        payload.action === 'post'
          ? ({
              op: 'post',
              transferId: payload.transferId,
              pendingId: payload.pendingId,
              amount: payload.amount,
              references,
            } as const)
          : ({ op: 'void', transferId: payload.transferId, pendingId: payload.pendingId, references } as const),
      ];
    });
  }

  @EventPattern(Topics.TransferReverseV1, BATCH)
  async onReversals(@Payload() messages: BatchMessage<typeof Topics.TransferReverseV1>[]): Promise<void> {
    await this.applyAll<TransferReverseV1>(messages, (payload, envelopeId) => [
      {
        op: 'reverse' as const,
        transferId: payload.transferId,
        reversesId: payload.reversesId,
        amount: payload.amount,
        references: { ...payload.references, sourceEvent: payload.references?.sourceEvent ?? envelopeId },
      },
    ]);
  }

  private async applyAll<P extends TransferRequestV1 | TransferSettleV1 | TransferReverseV1>(
    messages: BatchMessage[],
    toCommands: (payload: P, envelopeId: string) => LedgerCommand[],
  ): Promise<void> {
    const units: CommandUnit[] = [];
    for (const message of messages) {
      const commands = toCommands(message.payload as P, message.envelope.id).map(withoutUndefined);
      const origin: CommandOrigin = {
        causedBy: `message:${message.envelope.id}`,
        correlationId: message.envelope.correlationId,
        causationId: message.envelope.id,
        emitRejected: true,
        recordRefusal: true,
      };
      try {
        if (commands.length > 1) validateLinked(commands);
        else commands.forEach(validateCommand);
      } catch (error) {
        if (!(error instanceof LedgerRuleError)) throw error;
        await this.reject(commands, error, message, origin);
        continue;
      }
      units.push({ commands, origin, linked: commands.length > 1 });
    }
    await this.engine.apply(units);
  }

  /**
   * A command the ledger refuses before any account is touched (two equal accounts, say). The
   * refusal is recorded like the engine's; a redelivery of it emits nothing more.
   */
  private async reject(
    commands: LedgerCommand[],
    error: LedgerRuleError,
    message: BatchMessage,
    origin: CommandOrigin,
  ): Promise<void> {
    this.logger.debug(`refusing ${message.envelope.id}: ${error.message}`);
    const reason = error.message.slice(0, 500);
    await this.dataSource.transaction(async (manager) => {
      const outcomes = await this.engine.recordRefusals(
        commands.map((command) => ({ command, rule: error.rule, message: error.message })),
        origin,
        manager,
      );
      const events = this.outbox.within(manager);
      for (const [index, command] of commands.entries()) {
        if (outcomes[index] === 'repeat') continue;
        await lastValueFrom(
          events.emit(Topics.TransferRejectedV1, {
            key: message.key ?? command.transferId,
            value: {
              transferId: command.transferId,
              reasonCode: error.rule,
              reason,
              rejectedAt: new Date().toISOString(),
            },
          }),
        );
      }
    });
  }
}

/** Optional fields arrive as undefined from class-transformer; the command hash must not see them. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
