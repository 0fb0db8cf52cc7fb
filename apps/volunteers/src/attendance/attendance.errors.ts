import { defineErrors, type FieldError } from '@goodloop/common';
import type { AttendanceRefusal } from '../domain/attendance-rules';

export enum AttendanceErrorCode {
  AttendanceNotFound = 'ATTENDANCE_NOT_FOUND',
  WrongCheckInCode = 'WRONG_CHECK_IN_CODE',
  CheckInLocked = 'CHECK_IN_LOCKED',
  OutsideCheckInWindow = 'OUTSIDE_CHECK_IN_WINDOW',
  NotConfirmed = 'NOT_CONFIRMED',
  AlreadyCheckedIn = 'ALREADY_CHECKED_IN',
  NotCheckedIn = 'NOT_CHECKED_IN',
  AlreadyCheckedOut = 'ALREADY_CHECKED_OUT',
  NotCheckedOut = 'NOT_CHECKED_OUT',
  AlreadyVerified = 'ATTENDANCE_ALREADY_VERIFIED',
  SelfVerification = 'SELF_VERIFICATION',
  PendingApproval = 'ATTENDANCE_PENDING_APPROVAL',
  NotPendingApproval = 'NOT_PENDING_APPROVAL',
  OwnProposal = 'OWN_PROPOSAL',
  ValidationFailed = 'VALIDATION_FAILED',
}

const REFUSAL_MESSAGES: Record<AttendanceRefusal, string> = {
  NOT_CONFIRMED: 'Only people holding a confirmed place can check in',
  ALREADY_CHECKED_IN: 'Already checked in',
  NOT_CHECKED_IN: 'Check in before checking out',
  ALREADY_CHECKED_OUT: 'Already checked out',
  OUTSIDE_CHECK_IN_WINDOW:
    'Check-in opens 30 minutes before the start and closes at the end; check-out closes 2 hours after the end',
};

export class AttendanceError extends defineErrors<AttendanceErrorCode>({
  [AttendanceErrorCode.AttendanceNotFound]: 404,
  [AttendanceErrorCode.WrongCheckInCode]: 403,
  [AttendanceErrorCode.CheckInLocked]: 429,
  [AttendanceErrorCode.OutsideCheckInWindow]: 409,
  [AttendanceErrorCode.NotConfirmed]: 409,
  [AttendanceErrorCode.AlreadyCheckedIn]: 409,
  [AttendanceErrorCode.NotCheckedIn]: 409,
  [AttendanceErrorCode.AlreadyCheckedOut]: 409,
  [AttendanceErrorCode.NotCheckedOut]: 409,
  [AttendanceErrorCode.AlreadyVerified]: 409,
  [AttendanceErrorCode.SelfVerification]: 403,
  [AttendanceErrorCode.PendingApproval]: 409,
  [AttendanceErrorCode.NotPendingApproval]: 409,
  [AttendanceErrorCode.OwnProposal]: 403,
  [AttendanceErrorCode.ValidationFailed]: { status: 400, message: 'Validation failed' },
}) {
  static refused(refusal: AttendanceRefusal): AttendanceError {
    return new AttendanceError(refusal as AttendanceErrorCode, REFUSAL_MESSAGES[refusal]);
  }

  static validation(details: FieldError[]): AttendanceError {
    return new AttendanceError(AttendanceErrorCode.ValidationFailed, undefined, details);
  }
}
