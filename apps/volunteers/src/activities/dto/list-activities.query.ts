import { ActivityCategories, type ActivityCategory } from '@goodloop/contracts';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '@goodloop/contracts';
import { IsInstant, Trim } from '../../shared/validation';

/**
 * `GET /activities`. `from`/`to` select activities that overlap the window: those still going
 * on at `from` (ending after it) and starting before `to`. Soonest first.
 */
export class ListActivitiesQuery extends PageQuery {
  @IsOptional()
  @IsIn(ActivityCategories)
  category?: ActivityCategory;

  @IsOptional()
  @IsUUID()
  orgId?: string;

  @IsOptional()
  @IsInstant()
  from?: string;

  @IsOptional()
  @IsInstant()
  to?: string;

  /** Words in the title, case-insensitive. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 120)
  q?: string;
}
