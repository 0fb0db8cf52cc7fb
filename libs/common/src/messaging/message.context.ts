import { BaseRpcContext, RpcException } from '@nestjs/microservices';
import type { Envelope, PayloadOf, TopicName } from '@goodloop/contracts';
import type { EntityManager } from 'typeorm';

/** What the transport knows of one message when it calls its handler. */
export interface MessageMeta<T extends TopicName = TopicName> {
  envelope: Envelope<PayloadOf<T>>;
  /** The transaction the inbox row is written in: write the message's effect with it. */
  manager: EntityManager;
  topic: T;
  partition: number;
  offset: string;
  key: string | null;
}

/**
 * The `@Ctx()` of an `@EventPattern` handler: the envelope, where the message came from, and
 * the inbox transaction its effect must be written in (so a redelivery finds the inbox row and
 * changes nothing).
 *
 * ```ts
 * @EventPattern(Topics.HoursVerifiedV1)
 * async onHoursVerified(@Payload() payload: HoursVerifiedV1, @Ctx() context: MessageContext) {
 *   await context.getManager().insert(…);
 * }
 * ```
 */
export class MessageContext<T extends TopicName = TopicName> extends BaseRpcContext<[MessageMeta<T>]> {
  getEnvelope(): Envelope<PayloadOf<T>> {
    return this.args[0].envelope;
  }

  getManager(): EntityManager {
    return this.args[0].manager;
  }

  getTopic(): T {
    return this.args[0].topic;
  }

  getPartition(): number {
    return this.args[0].partition;
  }

  getOffset(): string {
    return this.args[0].offset;
  }

  getKey(): string | null {
    return this.args[0].key;
  }
}

/** One valid message of a fetch, as a batch handler receives it. */
export interface BatchMessage<T extends TopicName = TopicName> {
  payload: PayloadOf<T>;
  envelope: Envelope<PayloadOf<T>>;
  partition: number;
  offset: string;
  key: string | null;
}

/** The `@Ctx()` of a batch handler: the topic and partition the fetch came from. */
export class MessageBatchContext<T extends TopicName = TopicName> extends BaseRpcContext<
  [{ topic: T; partition: number; heartbeat: () => Promise<void> }]
> {
  getTopic(): T {
    return this.args[0].topic;
  }

  getPartition(): number {
    return this.args[0].partition;
  }

  /** Tells the group coordinator this consumer is alive, for handlers that work long on one batch. */
  heartbeat(): Promise<void> {
    return this.args[0].heartbeat();
  }
}

/** The `extras` of `@EventPattern` that the Kafka transport reads. */
export interface MessageHandlerExtras {
  /**
   * The handler takes every valid message of a fetch at once (invalid ones are dead-lettered
   * first), as `BatchMessage[]`, and no inbox transaction. For commands that carry their own
   * idempotency key, where one database call per batch is the point (the ledger's transfer
   * requests: the transfer id makes a repeat a replay). When the handler returns, the whole
   * batch counts as handled; when it throws, the transport hands it the two halves in turn, down
   * to single messages (retried, then dead-lettered), so the handler must be safe to run twice
   * on the same messages.
   */
  batch?: boolean;
}

/** `@EventPattern(Topics.X, BATCH)`: see {@link MessageHandlerExtras.batch}. */
export const BATCH: MessageHandlerExtras = { batch: true };

/**
 * Thrown by a handler for a message that can never succeed (it names something that does not
 * exist and never will, it breaks a rule of the receiving service). The transport rolls back
 * and sends the message to the dead-letter topic with this reason at once. Any other error is
 * tried again a bounded number of times (MESSAGE_MAX_ATTEMPTS, with a doubling wait) before the
 * message is dead-lettered; the inbox keeps a retry from applying anything twice.
 */
export class PermanentMessageError extends RpcException {
  constructor(reason: string) {
    super(reason);
    this.name = 'PermanentMessageError';
  }
}
