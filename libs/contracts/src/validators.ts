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

/**
 * A points programme's id. The ledger keeps its points in `issuance:<programmeId>` and lapsed
 * ones in `sink:expiry:<programmeId>`, and refuses a programme id outside this pattern: a message
 * that names one must fail its contract (and go to the dead-letter topic at once), not reach the
 * ledger and fail there on every try.
 */
export const PROGRAMME_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Ids chosen by callers for idempotent operations: letters, digits and `:_-.`, at most 128. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9:_.-]{1,128}$/;
