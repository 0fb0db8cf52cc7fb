import { MembershipRoles, OrgKinds, type MembershipRole, type OrgKind } from '@goodloop/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { normaliseEmail } from '../../auth/dto/auth.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateOrgDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: '阳光社区' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: OrgKinds })
  @IsIn(OrgKinds)
  kind: OrgKind;
}

export class AddMemberDto {
  @ApiProperty({ example: 'organizer@demo.goodloop.local' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    enum: MembershipRoles,
    description:
      'community / social_org: organizer, member; business: business, member; foundation: foundation_staff, reviewer, member',
  })
  @IsIn(MembershipRoles)
  role: MembershipRole;
}

export class ListOrgsQuery {
  @ApiPropertyOptional({ enum: OrgKinds })
  @IsOptional()
  @IsIn(OrgKinds)
  kind?: OrgKind;

  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class OrgView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '阳光社区' })
  name: string;

  @ApiProperty({ enum: OrgKinds })
  kind: OrgKind;

  @ApiProperty({ format: 'uuid' })
  createdBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class OrgMemberView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: '组织者老李' })
  displayName: string;

  @ApiPropertyOptional({ description: 'Only for admins and the organisation’s managers' })
  email?: string;

  @ApiProperty({ enum: MembershipRoles })
  role: MembershipRole;

  @ApiProperty({ format: 'date-time' })
  since: string;
}

export class OrgDetailView extends OrgView {
  @ApiProperty({ description: 'Number of distinct members' })
  memberCount: number;

  @ApiPropertyOptional({
    type: () => OrgMemberView,
    isArray: true,
    description: 'Only for members of the organisation and admins',
  })
  members?: OrgMemberView[];
}

export class OrgPageView {
  @ApiProperty({ type: () => OrgView, isArray: true })
  items: OrgView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class MembershipAddedView {
  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: MembershipRoles })
  role: MembershipRole;
}
