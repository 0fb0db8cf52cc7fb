import { MembershipRoles, OrgKinds, type MembershipRole, type OrgKind, type Role } from '@goodloop/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Locales, type Locale } from '../entities/user.entity';

const ALL_ROLES = ['resident', 'admin', ...MembershipRoles];

export class UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'wang@example.org' })
  email: string;

  @ApiProperty({ example: '居民小王' })
  displayName: string;

  @ApiProperty({ enum: Locales })
  locale: Locale;

  @ApiProperty({ enum: ALL_ROLES, isArray: true, description: 'Platform roles and every role held in an organisation' })
  roles: Role[];

  @ApiProperty()
  residentVerified: boolean;
}

export class MembershipView {
  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty({ example: '阳光社区' })
  orgName: string;

  @ApiProperty({ enum: OrgKinds })
  orgKind: OrgKind;

  @ApiProperty({ enum: MembershipRoles })
  role: MembershipRole;
}

export class MeView extends UserView {
  @ApiProperty({ type: () => MembershipView, isArray: true })
  memberships: MembershipView[];
}
