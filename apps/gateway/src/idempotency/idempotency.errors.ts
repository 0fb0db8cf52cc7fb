import { defineErrors, type FieldError } from '@goodloop/common';

export enum IdempotencyErrorCode {
  /** The key was used before on this route with a different request. */
  KeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this key is still being answered. */
  KeyInUse = 'IDEMPOTENCY_KEY_IN_USE',
  InvalidKey = 'VALIDATION_FAILED',
}

export class IdempotencyError extends defineErrors<IdempotencyErrorCode>({
  [IdempotencyErrorCode.KeyReused]: {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request; use a new key for a new request',
  },
  [IdempotencyErrorCode.KeyInUse]: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed; retry in a moment',
  },
  [IdempotencyErrorCode.InvalidKey]: { status: 400, message: 'Validation failed' },
}) {
  static invalidKey(): IdempotencyError {
    const details: FieldError[] = [
      { field: 'Idempotency-Key', errors: ['Idempotency-Key must be 1–200 visible ASCII characters'] },
    ];
    return new IdempotencyError(IdempotencyErrorCode.InvalidKey, undefined, details);
  }
}
