import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { KAFKA_CLIENT } from './messaging.tokens';

/**
 * The one producer of a service. Only the outbox relay and the dead-letter path use it:
 * state changes never publish directly (they write outbox rows).
 */
@Injectable()
export class KafkaProducerService implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducerService.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  async send(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    const producer = await this.connected();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  get isConnected(): boolean {
    return this.producer !== undefined;
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
      producer.on('producer.disconnect', () => {
        this.producer = undefined;
        this.connecting = undefined;
      });
      try {
        await producer.connect();
      } catch (error) {
        this.connecting = undefined;
        throw error;
      }
      this.producer = producer;
      return producer;
    })();
    return this.connecting;
  }

  /** Last of all: the relay and the consumer (dead letters) stop before this runs. */
  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer ?? (await this.connecting?.catch(() => undefined));
    await producer?.disconnect().catch((e: unknown) => this.logger.warn(`producer disconnect: ${String(e)}`));
  }
}
