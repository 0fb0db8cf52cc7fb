import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createKafkaClient } from './kafka-client';
import { KafkaConsumerHost } from './kafka-consumer.host';
import { KafkaProducerService } from './kafka-producer.service';
import { InboxService } from './inbox.service';
import { MESSAGING_OPTIONS, TopicNamer, type MessagingOptions } from './messaging.options';
import { KAFKA_CLIENT, TOPIC_NAMER } from './messaging.tokens';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';

/**
 * Kafka for one service: the outbox and its relay, the inbox, and the consumer group that runs
 * every `@OnMessage` handler. Needs TypeORM's DataSource (TypeOrmModule.forRoot) in the app.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: TOPIC_NAMER, useValue: new TopicNamer(options.config.KAFKA_TOPIC_PREFIX) },
        {
          provide: KAFKA_CLIENT,
          useFactory: () => createKafkaClient(`goodloop-${options.service}`, options.config.KAFKA_BROKERS),
        },
        KafkaProducerService,
        OutboxRelay,
        OutboxService,
        InboxService,
        KafkaConsumerHost,
      ],
      exports: [
        MESSAGING_OPTIONS,
        TOPIC_NAMER,
        KAFKA_CLIENT,
        KafkaProducerService,
        OutboxRelay,
        OutboxService,
        InboxService,
        KafkaConsumerHost,
      ],
    };
  }
}
