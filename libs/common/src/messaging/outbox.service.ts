import { Inject, Injectable } from '@nestjs/common';
import { createEnvelope, PayloadClasses, type Envelope, type PayloadOf, type TopicName } from '@goodloop/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { requestContext } from '../context/request-context';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { OutboxMessage } from './outbox.entity';
import { OutboxRelay } from './outbox.relay';

export interface OutgoingMessage<T extends TopicName> {
  topic: T;
  /** The aggregate id (activity id, account key, …): messages of one aggregate stay in order. */
  key: string;
  payload: PayloadOf<T>;
}

/**
 * Writes outgoing messages into the outbox inside the caller's transaction, so a state change
 * and the events it must emit commit or roll back together. The relay publishes them. Services
 * reach it through `OutboxClient` (`events.within(manager).emit(topic, { key, value })`).
 */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
  ) {}

  async add<T extends TopicName>(manager: EntityManager, message: OutgoingMessage<T>): Promise<Envelope<PayloadOf<T>>> {
    // A plain copy: class instances and Dates become JSON values exactly as they will travel.
    const payload = JSON.parse(JSON.stringify(message.payload)) as PayloadOf<T>;
    // A producer that breaks its own contract is a bug: fail the transaction here rather than
    // let consumers dead-letter the message later.
    const errors = validateSync(plainToInstance(PayloadClasses[message.topic] as new () => object, payload), {
      forbidUnknownValues: false,
    });
    if (errors.length > 0) {
      throw new Error(`Outgoing ${message.topic} breaks its contract: ${errors.map((e) => e.toString()).join('; ')}`);
    }
    const context = requestContext.get();
    const envelope = createEnvelope(message.topic, payload, {
      id: uuidv7(),
      producer: this.options.service,
      correlationId: context?.correlationId ?? uuidv7(),
      ...(context?.causationId ? { causationId: context.causationId } : {}),
    });
    await manager.insert(OutboxMessage, {
      messageId: envelope.id,
      topic: message.topic,
      key: message.key,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb column takes any JSON value
      envelope: envelope as any,
    });
    // Publishing waits for the commit; the kick only shortens the relay's next poll.
    this.relay.kickSoon();
    return envelope;
  }
}
