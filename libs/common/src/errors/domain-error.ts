/**
 * The base of every module's error class. A module declares its codes in an enum and maps each
 * to an HTTP status; the filters turn it into the public error shape
 * `{ statusCode, error, message, code }`. Throw these deep in services, never HttpException.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  protected constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Error codes every service may raise. */
export enum CommonErrorCode {
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  Unauthorized = 'UNAUTHORIZED',
  Conflict = 'CONFLICT',
  Validation = 'VALIDATION_FAILED',
  InvalidCursor = 'INVALID_CURSOR',
}

const STATUS: Record<CommonErrorCode, number> = {
  [CommonErrorCode.NotFound]: 404,
  [CommonErrorCode.Forbidden]: 403,
  [CommonErrorCode.Unauthorized]: 401,
  [CommonErrorCode.Conflict]: 409,
  [CommonErrorCode.Validation]: 400,
  [CommonErrorCode.InvalidCursor]: 400,
};

export class CommonError extends DomainError {
  readonly status: number;

  constructor(code: CommonErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = STATUS[code];
  }

  static notFound(what: string): CommonError {
    return new CommonError(CommonErrorCode.NotFound, `${what} not found`);
  }

  static forbidden(message = 'You are not allowed to do this'): CommonError {
    return new CommonError(CommonErrorCode.Forbidden, message);
  }
}

/** A field that failed validation, as listed in the public error shape's `details`. */
export interface FieldError {
  field: string;
  errors: string[];
}
