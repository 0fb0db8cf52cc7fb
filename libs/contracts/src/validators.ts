import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A whole number that JavaScript can hold exactly (|n| ≤ 2^53 − 1). Amounts — fen and points —
 * travel between services as such numbers; anything else (a float, a string, 1e300) is refused.
 */
export function IsSafeInteger(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isSafeInteger',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a safe integer`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) },
    });
  };
}

/** Ids chosen by callers for idempotent operations: letters, digits and `:_-.`, at most 128. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9:_.-]{1,128}$/;
