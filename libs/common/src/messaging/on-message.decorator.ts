import { SetMetadata } from '@nestjs/common';
import type { Envelope, PayloadOf, TopicName } from '@goodloop/contracts';
import type { EntityManager } from 'typeorm';

export const ON_MESSAGE = Symbol('ON_MESSAGE');

export interface OnMessageMetadata {
  topic: TopicName;
  /** Whether the handler takes a whole batch (`@OnMessageBatch`). */
  batch?: boolean;
}

/** One valid message of a batch handed to an `@OnMessageBatch` handler. */
export interface BatchMessage<T extends TopicName = TopicName> {
  payload: PayloadOf<T>;
  envelope: Envelope<PayloadOf<T>>;
  partition: number;
  offset: string;
  key: string | null;
}

/** What a handler receives besides the validated payload. */
export interface MessageContext<T extends TopicName = TopicName> {
  envelope: Envelope<PayloadOf<T>>;
  /** The transaction the inbox row is written in: write the message's effect with it. */
  manager: EntityManager;
  topic: T;
  partition: number;
  offset: string;
}

export type MessageHandler<T extends TopicName> = (payload: PayloadOf<T>, context: MessageContext<T>) => Promise<void>;

/**
 * Marks a provider method as the handler of one topic. The consumer host validates the
 * envelope and payload (invalid → dead-letter topic), opens a transaction, records the message
 * id in the inbox (a repeat is skipped), and calls the method with the transaction's manager.
 *
 * ```ts
 * @OnMessage(Topics.HoursVerifiedV1)
 * async onHoursVerified(payload: HoursVerifiedV1, { manager }: MessageContext) { … }
 * ```
 */
export const OnMessage = (topic: TopicName): MethodDecorator => SetMetadata(ON_MESSAGE, { topic } satisfies OnMessageMetadata);

/**
 * Marks a provider method as the handler of whole batches of one topic: it gets every valid
 * message of a fetch at once (invalid ones are dead-lettered first) and no inbox transaction.
 * For commands that carry their own idempotency key, where one database call per batch is the
 * point (the ledger's transfer requests: the transfer id makes a repeat a replay). When the
 * handler returns, the whole batch counts as handled; when it throws, kafkajs delivers the
 * batch again, so the handler must be safe to run twice.
 */
export const OnMessageBatch = (topic: TopicName): MethodDecorator =>
  SetMetadata(ON_MESSAGE, { topic, batch: true } satisfies OnMessageMetadata);

/**
 * Thrown by a handler for a message that can never succeed (it names something that does not
 * exist and never will, it breaks a rule of the receiving service). The host rolls back and
 * sends the message to the dead-letter topic with this reason. Any other error is treated as
 * transient: the batch is retried, and the inbox keeps the retry from applying anything twice.
 */
export class PermanentMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PermanentMessageError';
  }
}
