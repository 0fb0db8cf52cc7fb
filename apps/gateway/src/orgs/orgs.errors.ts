import { defineErrors } from '@goodloop/common';

export enum OrgErrorCode {
  OrgNotFound = 'ORG_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  AlreadyMember = 'ALREADY_MEMBER',
  RoleNotAllowedForKind = 'ROLE_NOT_ALLOWED_FOR_KIND',
  Forbidden = 'FORBIDDEN',
}

export class OrgError extends defineErrors<OrgErrorCode>({
  [OrgErrorCode.OrgNotFound]: 404,
  [OrgErrorCode.UserNotFound]: 404,
  [OrgErrorCode.AlreadyMember]: 409,
  [OrgErrorCode.RoleNotAllowedForKind]: 400,
  [OrgErrorCode.Forbidden]: 403,
}) {}
