import { DomainError, type FieldError } from '@goodloop/common';

export enum ActivitiesErrorCode {
  ActivityNotFound = 'ACTIVITY_NOT_FOUND',
  NotOrganizer = 'NOT_ORGANIZER',
  OrgNotFound = 'ORG_NOT_FOUND',
  ValidationFailed = 'VALIDATION_FAILED',
}

const STATUS: Record<ActivitiesErrorCode, number> = {
  [ActivitiesErrorCode.ActivityNotFound]: 404,
  [ActivitiesErrorCode.NotOrganizer]: 403,
  [ActivitiesErrorCode.OrgNotFound]: 404,
  [ActivitiesErrorCode.ValidationFailed]: 400,
};

export class ActivitiesError extends DomainError {
  readonly status: number;

  constructor(code: ActivitiesErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = STATUS[code];
  }

  static notFound(activityId: string): ActivitiesError {
    return new ActivitiesError(ActivitiesErrorCode.ActivityNotFound, `Activity ${activityId} not found`);
  }

  static notOrganizer(orgId: string): ActivitiesError {
    return new ActivitiesError(ActivitiesErrorCode.NotOrganizer, `Only organizers of organisation ${orgId} may do this`);
  }

  /** Cross-field rules the DTO cannot express; same shape as the validation pipe's answer. */
  static validation(details: FieldError[]): ActivitiesError {
    return new ActivitiesError(ActivitiesErrorCode.ValidationFailed, 'Validation failed', details);
  }
}
