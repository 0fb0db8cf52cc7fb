import { defineErrors } from '@goodloop/common';

export enum AccountErrorCode {
  UserNotFound = 'USER_NOT_FOUND',
  NotYourself = 'NOT_YOURSELF',
}

export class AccountError extends defineErrors<AccountErrorCode>({
  [AccountErrorCode.UserNotFound]: { status: 404, message: 'User not found' },
  [AccountErrorCode.NotYourself]: { status: 409, message: 'An admin cannot disable their own account' },
}) {}
