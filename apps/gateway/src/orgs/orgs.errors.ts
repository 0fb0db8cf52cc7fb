import { defineErrors } from '@goodloop/common';

export enum OrgErrorCode {
  OrgNotFound = 'ORG_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  AlreadyMember = 'ALREADY_MEMBER',
  RoleNotAllowedForKind = 'ROLE_NOT_ALLOWED_FOR_KIND',
  Forbidden = 'FORBIDDEN',
  InvitationNotFound = 'INVITATION_NOT_FOUND',
  InvitationExpired = 'INVITATION_EXPIRED',
  InvitationClosed = 'INVITATION_CLOSED',
  MembershipNotFound = 'MEMBERSHIP_NOT_FOUND',
  InvitationWithdrawn = 'INVITATION_WITHDRAWN',
}

export class OrgError extends defineErrors<OrgErrorCode>({
  [OrgErrorCode.OrgNotFound]: 404,
  [OrgErrorCode.UserNotFound]: 404,
  [OrgErrorCode.AlreadyMember]: 409,
  [OrgErrorCode.RoleNotAllowedForKind]: 400,
  [OrgErrorCode.Forbidden]: 403,
  [OrgErrorCode.InvitationNotFound]: 404,
  [OrgErrorCode.InvitationExpired]: 410,
  [OrgErrorCode.InvitationClosed]: 409,
  [OrgErrorCode.MembershipNotFound]: 404,
  [OrgErrorCode.InvitationWithdrawn]: 409,
}) {}
