import { DomainError } from '@goodloop/common';

export enum SignupsErrorCode {
  AlreadySignedUp = 'ALREADY_SIGNED_UP',
  ActivityEnded = 'ACTIVITY_ENDED',
  SignupNotFound = 'SIGNUP_NOT_FOUND',
  AlreadyCheckedIn = 'ALREADY_CHECKED_IN',
}

const STATUS: Record<SignupsErrorCode, number> = {
  [SignupsErrorCode.AlreadySignedUp]: 409,
  [SignupsErrorCode.ActivityEnded]: 409,
  [SignupsErrorCode.SignupNotFound]: 404,
  [SignupsErrorCode.AlreadyCheckedIn]: 409,
};

export class SignupsError extends DomainError {
  readonly status: number;

  constructor(code: SignupsErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = STATUS[code];
  }
}
