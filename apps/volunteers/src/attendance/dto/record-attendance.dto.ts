import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { CHECK_IN_CODE_PATTERN } from '../../domain/check-in-code';
import type { AttendanceAction } from '../../domain/attendance-rules';

/**
 * `POST /activities/:id/attendance`. An organizer names the person (`userId`); a resident
 * checking themselves in or out leaves it out (or gives their own id) and gives the code.
 */
export class RecordAttendanceDto {
  @IsIn(['check_in', 'check_out'])
  action: AttendanceAction;

  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsString()
  @Matches(CHECK_IN_CODE_PATTERN, { message: 'code must be six digits' })
  code?: string;
}
