import type { INestApplication } from '@nestjs/common';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { KafkaTransport } from '../messaging/kafka.transport';
import { MessageExceptionFilter } from '../messaging/message-exception.filter';

/**
 * Connects the service's Kafka transport to the app and starts it: initialises the app (its
 * lifecycle hooks run once, here), creates the platform's topics, and joins the consumer group
 * when the app has `@EventPattern` handlers. Nest closes it with the app.
 *
 * The transport gets none of the HTTP app's global guards, pipes or filters (they speak HTTP);
 * its own filter hands handler errors back to it unchanged, to be retried or dead-lettered.
 * Handlers are registered only when it starts, so that this filter is in place by then.
 */
export async function startMessaging(app: INestApplication): Promise<void> {
  const transport = app.get(KafkaTransport);
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { deferInitialization: true });
  microservice.useGlobalFilters(new MessageExceptionFilter());
  // The app's own init runs the lifecycle hooks; the deferred microservice must not run them again.
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  await app.init();
  try {
    await app.startAllMicroservices();
  } catch (error) {
    // The app is initialised (the outbox relay runs, the pool is open): a start that fails here
    // closes it, so the caller is left with an error and nothing running.
    await app.close().catch(() => undefined);
    throw error;
  }
}
