import { DomainError, type FieldError } from '@goodloop/common';

export enum OrgsErrorCode {
  OrgNotFound = 'ORG_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  AlreadyMember = 'ALREADY_MEMBER',
  RoleNotAllowedForKind = 'ROLE_NOT_ALLOWED_FOR_KIND',
  Forbidden = 'FORBIDDEN',
  InvalidCursor = 'INVALID_CURSOR',
}

const STATUS: Record<OrgsErrorCode, number> = {
  [OrgsErrorCode.OrgNotFound]: 404,
  [OrgsErrorCode.UserNotFound]: 404,
  [OrgsErrorCode.AlreadyMember]: 409,
  [OrgsErrorCode.RoleNotAllowedForKind]: 400,
  [OrgsErrorCode.Forbidden]: 403,
  [OrgsErrorCode.InvalidCursor]: 400,
};

export class OrgsError extends DomainError {
  readonly status: number;

  constructor(code: OrgsErrorCode, message: string, details?: FieldError[]) {
    super(code, message, details);
    this.status = STATUS[code];
  }
}
