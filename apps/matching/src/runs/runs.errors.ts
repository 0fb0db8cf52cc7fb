import { defineErrors } from '@goodloop/common';

export enum RunErrorCode {
  RunNotFound = 'RUN_NOT_FOUND',
  NotMatchingStaff = 'NOT_MATCHING_STAFF',
}

export class RunError extends defineErrors<RunErrorCode>({
  [RunErrorCode.RunNotFound]: { status: 404, message: 'No such matching run' },
  [RunErrorCode.NotMatchingStaff]: { status: 403, message: 'Only foundation staff start and read matching runs' },
}) {}
