import { defineErrors, type FieldError } from '@goodloop/common';

export enum ActivityErrorCode {
  ActivityNotFound = 'ACTIVITY_NOT_FOUND',
  NotOrganizer = 'NOT_ORGANIZER',
  OrgNotFound = 'ORG_NOT_FOUND',
  ValidationFailed = 'VALIDATION_FAILED',
}

export class ActivityError extends defineErrors<ActivityErrorCode>({
  [ActivityErrorCode.ActivityNotFound]: 404,
  [ActivityErrorCode.NotOrganizer]: 403,
  [ActivityErrorCode.OrgNotFound]: 404,
  [ActivityErrorCode.ValidationFailed]: { status: 400, message: 'Validation failed' },
}) {
  static notFound(activityId: string): ActivityError {
    return new ActivityError(ActivityErrorCode.ActivityNotFound, `Activity ${activityId} not found`);
  }

  static notOrganizer(orgId: string): ActivityError {
    return new ActivityError(ActivityErrorCode.NotOrganizer, `Only organizers of organisation ${orgId} may do this`);
  }

  /** Cross-field rules the DTO cannot express; same shape as the validation pipe's answer. */
  static validation(details: FieldError[]): ActivityError {
    return new ActivityError(ActivityErrorCode.ValidationFailed, undefined, details);
  }
}
