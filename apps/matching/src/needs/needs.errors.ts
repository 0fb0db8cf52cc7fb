import { defineErrors } from '@goodloop/common';

export enum NeedErrorCode {
  NeedNotFound = 'NEED_NOT_FOUND',
  NotOrganizerOfOrg = 'NOT_ORGANIZER_OF_ORG',
  NeedClosed = 'NEED_CLOSED',
  ValidationFailed = 'VALIDATION_FAILED',
}

export class NeedError extends defineErrors<NeedErrorCode>({
  [NeedErrorCode.NeedNotFound]: { status: 404, message: 'No such need' },
  [NeedErrorCode.NotOrganizerOfOrg]: { status: 403, message: 'Only an organizer of the organisation may do this' },
  [NeedErrorCode.NeedClosed]: { status: 409, message: 'This need is closed already' },
  [NeedErrorCode.ValidationFailed]: 400,
}) {}
