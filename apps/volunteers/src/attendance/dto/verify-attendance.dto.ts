import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_ATTENDANCE_MINUTES } from '../../domain/attendance-rules';
import { Trim } from '../../shared/validation';

/** `POST /attendance/:id/verify`: confirm the recorded minutes, or correct them with a reason. */
export class VerifyAttendanceDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ATTENDANCE_MINUTES)
  minutes?: number;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
