import { Global, Module, type DynamicModule } from '@nestjs/common';
import { createKafkaClient } from './kafka-client';
import { KafkaProducerService } from './kafka-producer.service';
import { KafkaTransport } from './kafka.transport';
import { InboxService } from './inbox.service';
import { MESSAGING_OPTIONS, TopicNamer, type MessagingOptions } from './messaging.options';
import { KAFKA_CLIENT, TOPIC_NAMER } from './messaging.tokens';
import { OutboxRelay } from './outbox.relay';
import { OutboxClient } from './outbox.client';
import { OutboxService } from './outbox.service';

/**
 * Kafka for one service: the outbox client and its relay, the inbox, and the transport that
 * runs every `@EventPattern` handler of the app's controllers (connected by
 * `startMessaging(app)`). Needs TypeORM's DataSource (TypeOrmModule.forRoot) in the app.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: TOPIC_NAMER, useValue: new TopicNamer(options.config.KAFKA_TOPIC_PREFIX) },
        {
          provide: KAFKA_CLIENT,
          useFactory: () => createKafkaClient(`goodloop-${options.service}`, options.config.KAFKA_BROKERS, options.config),
        },
        KafkaProducerService,
        OutboxRelay,
        OutboxService,
        OutboxClient,
        InboxService,
        KafkaTransport,
      ],
      exports: [
        MESSAGING_OPTIONS,
        TOPIC_NAMER,
        KAFKA_CLIENT,
        KafkaProducerService,
        OutboxRelay,
        OutboxClient,
        InboxService,
        KafkaTransport,
      ],
    };
  }
}
