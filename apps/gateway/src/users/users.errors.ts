import { DomainError } from '@goodloop/common';

export enum UsersErrorCode {
  UserNotFound = 'USER_NOT_FOUND',
  EmailTaken = 'EMAIL_TAKEN',
}

const STATUS: Record<UsersErrorCode, number> = {
  [UsersErrorCode.UserNotFound]: 404,
  [UsersErrorCode.EmailTaken]: 409,
};

const MESSAGES: Record<UsersErrorCode, string> = {
  [UsersErrorCode.UserNotFound]: 'User not found',
  [UsersErrorCode.EmailTaken]: 'An account with this email already exists',
};

export class UsersError extends DomainError {
  readonly status: number;

  constructor(code: UsersErrorCode, message: string = MESSAGES[code]) {
    super(code, message);
    this.status = STATUS[code];
  }
}
