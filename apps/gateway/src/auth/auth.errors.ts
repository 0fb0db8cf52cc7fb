import { defineErrors } from '@goodloop/common';

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
  AccountDisabled = 'ACCOUNT_DISABLED',
}

export class AuthError extends defineErrors<AuthErrorCode>({
  [AuthErrorCode.InvalidCredentials]: { status: 401, message: 'Wrong email or password' },
  [AuthErrorCode.Unauthenticated]: { status: 401, message: 'Sign in first' },
  [AuthErrorCode.TokenExpired]: { status: 401, message: 'Access token expired' },
  [AuthErrorCode.TokenInvalid]: { status: 401, message: 'Invalid access token' },
  [AuthErrorCode.SessionRevoked]: { status: 401, message: 'This session has ended; sign in again' },
  [AuthErrorCode.RefreshTokenInvalid]: { status: 401, message: 'Invalid refresh token' },
  [AuthErrorCode.RefreshTokenExpired]: { status: 401, message: 'Refresh token expired; sign in again' },
  [AuthErrorCode.RefreshTokenReused]: {
    status: 401,
    message: 'Refresh token was already used; every session of this sign-in is revoked',
  },
  [AuthErrorCode.Forbidden]: { status: 403, message: 'You are not allowed to do this' },
  [AuthErrorCode.AccountDisabled]: { status: 401, message: 'This account has been disabled; contact the platform' },
}) {}
