import type { AttendanceView } from '@goodloop/contracts';
import type { Attendance } from './entities/attendance.entity';

export type { AttendanceView };

/** `names` comes from the users read model; a user not known yet is shown by id. */
export function toAttendanceView(attendance: Attendance, names: ReadonlyMap<string, string>): AttendanceView {
  return {
    id: attendance.id,
    activityId: attendance.activityId,
    userId: attendance.userId,
    userName: names.get(attendance.userId) ?? attendance.userId,
    checkInAt: attendance.checkInAt.toISOString(),
    checkOutAt: attendance.checkOutAt?.toISOString() ?? null,
    recordedMinutes: attendance.recordedMinutes,
    verifiedMinutes: attendance.verifiedMinutes,
    correctionReason: attendance.correctionReason,
    status: attendance.status,
    verifiedAt: attendance.verifiedAt?.toISOString() ?? null,
    verifiedBy: attendance.verifiedBy,
    proposedMinutes: attendance.proposedMinutes,
    proposalReason: attendance.proposalReason,
    proposedBy: attendance.proposedBy,
    proposedAt: attendance.proposedAt?.toISOString() ?? null,
    rejectionReason: attendance.rejectionReason,
  };
}
