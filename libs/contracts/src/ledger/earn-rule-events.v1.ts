import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

/**
 * `ledger.earn-rule.created.v1` — key: programmeId. A new version of a programme's earn rule,
 * emitted with it (outbox). Volunteers keeps the bounds as a read model and refuses an activity
 * that advertises more points per hour than the programme allows.
 */
export class EarnRuleCreatedV1 {
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/)
  programmeId: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  effectiveFrom: string;

  /** null: activities may advertise any rate up to the platform's 1,000. */
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1000)
  maxPointsPerHour: number | null;

  /** null: the activity's own rate is paid; else this rate, whatever the activity says. */
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1000)
  pointsPerHour: number | null;

  /**
   * A correction that raises an attendance above its recorded minutes by more than this needs a
   * second manager's approval (two-person rule). null or absent (versions announced before the
   * field existed): the platform default, 60 minutes.
   */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1440)
  raiseApprovalMinutes?: number | null;
}
