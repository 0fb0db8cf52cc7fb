import { defineErrors } from '@goodloop/common';

export enum UserErrorCode {
  UserNotFound = 'USER_NOT_FOUND',
  EmailTaken = 'EMAIL_TAKEN',
}

export class UserError extends defineErrors<UserErrorCode>({
  [UserErrorCode.UserNotFound]: { status: 404, message: 'User not found' },
  [UserErrorCode.EmailTaken]: { status: 409, message: 'An account with this email already exists' },
}) {}
