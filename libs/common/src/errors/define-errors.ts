import { DomainError } from './domain-error';

/** A code's HTTP status, and optionally the message used when the thrower gives none. */
export type ErrorSpec = number | { status: number; message: string };

/**
 * The base class of a module's errors, from one table of its codes:
 *
 * ```ts
 * export enum SignupErrorCode { AlreadySignedUp = 'ALREADY_SIGNED_UP', SignupNotFound = 'SIGNUP_NOT_FOUND' }
 * export class SignupError extends defineErrors<SignupErrorCode>({
 *   [SignupErrorCode.AlreadySignedUp]: 409,
 *   [SignupErrorCode.SignupNotFound]: { status: 404, message: 'Signup not found' },
 * }) {}
 * new SignupError(SignupErrorCode.AlreadySignedUp, 'You are already signed up')  // 409, code ALREADY_SIGNED_UP
 * new SignupError(SignupErrorCode.SignupNotFound)                                  // 404, 'Signup not found'
 * ```
 *
 * The table is a `Record` over the code enum, so a code without a status does not compile.
 * Names follow one pattern: `<Feature>Error` and `<Feature>ErrorCode`, singular, in
 * `<feature>.errors.ts`.
 */
export function defineErrors<C extends string>(table: Record<C, ErrorSpec>) {
  abstract class ModuleError extends DomainError {
    readonly status: number;
    declare readonly code: C;

    constructor(code: C, message?: string, details?: unknown) {
      const spec = table[code];
      super(code, message ?? (typeof spec === 'object' ? spec.message : code), details);
      this.status = typeof spec === 'object' ? spec.status : spec;
    }
  }
  return ModuleError;
}
