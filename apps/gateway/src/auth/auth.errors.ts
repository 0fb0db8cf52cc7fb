import { DomainError } from '@goodloop/common';

export enum AuthErrorCode {
  /** Wrong password or unknown email: one code and one message, so accounts cannot be enumerated. */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Unauthenticated = 'UNAUTHENTICATED',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenInvalid = 'TOKEN_INVALID',
  SessionRevoked = 'SESSION_REVOKED',
  RefreshTokenInvalid = 'REFRESH_TOKEN_INVALID',
  RefreshTokenExpired = 'REFRESH_TOKEN_EXPIRED',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  Forbidden = 'FORBIDDEN',
}

const STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.Unauthenticated]: 401,
  [AuthErrorCode.TokenExpired]: 401,
  [AuthErrorCode.TokenInvalid]: 401,
  [AuthErrorCode.SessionRevoked]: 401,
  [AuthErrorCode.RefreshTokenInvalid]: 401,
  [AuthErrorCode.RefreshTokenExpired]: 401,
  [AuthErrorCode.RefreshTokenReused]: 401,
  [AuthErrorCode.Forbidden]: 403,
};

const MESSAGES: Record<AuthErrorCode, string> = {
  [AuthErrorCode.InvalidCredentials]: 'Wrong email or password',
  [AuthErrorCode.Unauthenticated]: 'Sign in first',
  [AuthErrorCode.TokenExpired]: 'Access token expired',
  [AuthErrorCode.TokenInvalid]: 'Invalid access token',
  [AuthErrorCode.SessionRevoked]: 'This session has ended; sign in again',
  [AuthErrorCode.RefreshTokenInvalid]: 'Invalid refresh token',
  [AuthErrorCode.RefreshTokenExpired]: 'Refresh token expired; sign in again',
  [AuthErrorCode.RefreshTokenReused]: 'Refresh token was already used; every session of this sign-in is revoked',
  [AuthErrorCode.Forbidden]: 'You are not allowed to do this',
};

export class AuthError extends DomainError {
  readonly status: number;

  constructor(code: AuthErrorCode, message: string = MESSAGES[code]) {
    super(code, message);
    this.status = STATUS[code];
  }
}
