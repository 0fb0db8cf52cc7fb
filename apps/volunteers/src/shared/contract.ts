import { PayloadClasses, type PayloadOf, type TopicName } from '@goodloop/contracts';
import { flattenValidationErrors } from '@goodloop/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Checks an outgoing payload against its contract class before it goes into the outbox. A
 * payload the consumers would dead-letter is a bug here; failing the transaction keeps it from
 * ever being published.
 */
export function contractPayload<T extends TopicName>(topic: T, payload: PayloadOf<T>): PayloadOf<T> {
  const instance = plainToInstance(PayloadClasses[topic] as new () => object, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const reasons = flattenValidationErrors(errors).map((e) => `${e.field}: ${e.errors.join(', ')}`);
    throw new Error(`${topic} payload breaks its contract: ${reasons.join('; ')}`);
  }
  return payload;
}
