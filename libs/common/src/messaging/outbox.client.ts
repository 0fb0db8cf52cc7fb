import { Injectable } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { Envelope, PayloadOf, TopicName } from '@goodloop/contracts';
import { lastValueFrom, type Observable } from 'rxjs';
import type { EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { EventSubscriber } from 'typeorm';
import { OutboxService } from './outbox.service';

/** What `emit` takes besides the topic: the aggregate id as key (its events stay in order) and the payload. */
export interface OutboxRecord<T extends TopicName> {
  key: string;
  value: PayloadOf<T>;
}

/**
 * How a service emits events and commands: as outbox rows in the transaction of the state
 * change that causes them, which the relay then publishes. Bound to that transaction:
 *
 * ```ts
 * await dataSource.transaction(async (manager) => {
 *   await manager.insert(Activity, activity);
 *   await lastValueFrom(this.events.within(manager).emit(Topics.ActivityPublishedV1, { key: activity.id, value: payload }));
 * });
 * ```
 *
 * There is no client that publishes to Kafka directly: an event sent after the commit is lost
 * when the process dies in between, one sent before it announces a change that may roll back.
 */
@Injectable()
export class OutboxClient {
  constructor(private readonly writer: OutboxService) {}

  /** A ClientProxy whose `emit` writes into `manager`'s transaction. */
  within(manager: EntityManager): TransactionOutboxClient {
    return new TransactionOutboxClient(this.writer, manager);
  }
}

/**
 * A ClientProxy over the outbox of one transaction. `emit` starts the write at once (Nest's
 * emit is hot) and returns it as an Observable of the envelope. The write is part of the
 * transaction whether the caller waits for it or not: the commit waits for every emit of its
 * transaction ({@link OutboxCommitSubscriber}), and a failed write fails the commit. An emit
 * outside a transaction, or after it ended, throws at once.
 */
export class TransactionOutboxClient extends ClientProxy {
  constructor(
    private readonly writer: OutboxService,
    private readonly manager: EntityManager,
  ) {
    super();
  }

  override emit<T extends TopicName>(topic: T, record: OutboxRecord<T>): Observable<Envelope<PayloadOf<T>>>;
  // Only so that the class stays a ClientProxy: `never` lets no call through but the typed one.
  override emit(pattern: never, data: never): Observable<never>;
  override emit<T extends TopicName>(topic: T, record: OutboxRecord<T>): Observable<Envelope<PayloadOf<T>>> {
    const runner = this.manager.queryRunner;
    if (!runner || runner.isReleased || !runner.isTransactionActive) {
      throw new Error(
        `emit ${topic}: outbox rows are written inside the transaction of the change, and this one has ended or never began`,
      );
    }
    const written = super.emit<Envelope<PayloadOf<T>>, OutboxRecord<T>>(topic, record);
    trackWrite(runner, lastValueFrom(written));
    return written;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    // Nothing to release: the transaction belongs to the caller.
  }

  unwrap<T>(): T {
    return this.manager as T;
  }

  /**
   * Writes one after the other on the transaction's connection, in the order emitted: emits
   * nobody awaited would otherwise run their INSERTs at once on one client (which node-postgres
   * only queues, and is dropping), in an order nothing promised.
   */
  protected dispatchEvent<T = unknown>(packet: ReadPacket<OutboxRecord<TopicName>>): Promise<T> {
    const { key, value } = packet.data;
    const runner = this.manager.queryRunner!;
    const write = (): Promise<unknown> =>
      this.writer.add(this.manager, { topic: packet.pattern as TopicName, key, payload: value });
    const previous = lastWrite.get(runner);
    const written = previous ? previous.then(write) : write();
    lastWrite.set(
      runner,
      written.catch(() => undefined),
    );
    return written as Promise<T>;
  }

  /** Request/reply over Kafka breaks during consumer-group rebalances; the platform does not use it. */
  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new Error(`send ${String(packet.pattern)}: request/reply over Kafka is not used; emit an event`),
      isDisposed: true,
    });
    return () => undefined;
  }
}

/** The last outbox write of each transaction, settled either way: the next one starts after it. */
const lastWrite = new WeakMap<QueryRunner, Promise<unknown>>();

/** Outbox writes started on a transaction that its commit has not waited for yet. */
const pendingWrites = new WeakMap<QueryRunner, Promise<unknown>[]>();

function trackWrite(runner: QueryRunner, write: Promise<unknown>): void {
  // Marked handled here: when the transaction rolls back instead, nobody waits for a failed write.
  write.catch(() => undefined);
  const list = pendingWrites.get(runner) ?? [];
  list.push(write);
  pendingWrites.set(runner, list);
}

/**
 * Holds a commit until the outbox writes emitted in its transaction have finished, and fails it
 * when one of them failed: `emit` without `await` still lands in the transaction or undoes it.
 */
@EventSubscriber()
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const writes = pendingWrites.get(event.queryRunner);
    if (!writes) return;
    pendingWrites.delete(event.queryRunner);
    await Promise.all(writes);
  }
}
