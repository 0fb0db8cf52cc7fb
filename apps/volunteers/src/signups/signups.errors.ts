import { defineErrors } from '@goodloop/common';

export enum SignupErrorCode {
  AlreadySignedUp = 'ALREADY_SIGNED_UP',
  ActivityEnded = 'ACTIVITY_ENDED',
  SignupNotFound = 'SIGNUP_NOT_FOUND',
  AlreadyCheckedIn = 'ALREADY_CHECKED_IN',
  AccountDisabled = 'ACCOUNT_DISABLED',
}

export class SignupError extends defineErrors<SignupErrorCode>({
  [SignupErrorCode.AlreadySignedUp]: 409,
  [SignupErrorCode.ActivityEnded]: 409,
  [SignupErrorCode.SignupNotFound]: 404,
  [SignupErrorCode.AlreadyCheckedIn]: 409,
  [SignupErrorCode.AccountDisabled]: 403,
}) {}
