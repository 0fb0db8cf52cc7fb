import type { AttendanceStatus } from '../domain/attendance-rules';
import type { Attendance } from './entities/attendance.entity';

/** The public `attendance` shape of docs/api.md. */
export interface AttendanceView {
  id: string;
  activityId: string;
  userId: string;
  userName: string;
  checkInAt: string;
  checkOutAt: string | null;
  recordedMinutes: number | null;
  verifiedMinutes: number | null;
  correctionReason: string | null;
  status: AttendanceStatus;
  verifiedAt: string | null;
  verifiedBy: string | null;
}

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
  };
}
