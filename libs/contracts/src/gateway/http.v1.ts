import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MembershipRoles, OrgKinds, PlatformRoles, type MembershipRole, type OrgKind, type Role } from '../enums';
import { PageQuery } from '../http/page.v1';
import { Doc, NormaliseEmail, Nullable, PageOf, Trim } from '../http/shape';

/*
 * The gateway's own public HTTP shapes: accounts and tokens, the signed-in user, organisations
 * and their members (docs/api.md, "Auth", "Me", "Organisations").
 */

export const Locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof Locales)[number];
export const UserRoles = [...PlatformRoles, ...MembershipRoles] as const;

// ---------------------------------------------------------------- requests

export class RegisterDto {
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  @Doc({ example: 'wang@example.org' })
  email: string;

  @IsString()
  @Length(8, 128)
  @Doc({ example: 'correct-horse-battery' })
  password: string;

  @Trim()
  @IsString()
  @Length(1, 64)
  @Doc({ example: '居民小王' })
  displayName: string;

  @IsOptional()
  @IsIn(Locales)
  @Doc({ default: 'zh-CN' })
  locale?: Locale;
}

export class LoginDto {
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  @Doc({ example: 'resident@demo.goodloop.local' })
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @Doc({ example: 'GoodLoop-demo-2026' })
  password: string;
}

export class RefreshDto {
  @IsString()
  @Length(16, 256)
  @Doc('The refresh token from the last register, login or refresh answer')
  refreshToken: string;
}

export class CreateOrgDto {
  @Trim()
  @IsString()
  @Length(1, 120)
  @Doc({ example: '阳光社区' })
  name: string;

  @IsIn(OrgKinds)
  kind: OrgKind;

  @IsOptional()
  @IsUUID()
  @Doc('The foundation that supports the new community or social organisation; foundation staff of several foundations name one')
  supportedBy?: string;
}

export class AddMemberDto {
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  @Doc({ example: 'organizer@demo.goodloop.local' })
  email: string;

  @IsIn(MembershipRoles)
  @Doc('community / social_org: organizer, member; business: business, member; foundation: foundation_staff, reviewer, member')
  role: MembershipRole;
}

export class ListOrgsQuery extends PageQuery {
  @IsOptional()
  @IsIn(OrgKinds)
  kind?: OrgKind;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  @Doc('Part of the name')
  q?: string;
}

// ---------------------------------------------------------------- views

export class UserView {
  @IsUUID() id: string;
  @IsEmail() @Doc({ example: 'wang@example.org' }) email: string;
  @IsString() @Doc({ example: '居民小王' }) displayName: string;
  @IsIn(Locales) locale: Locale;
  @IsIn(UserRoles, { each: true }) @Doc('Platform roles and every role held in an organisation') roles: Role[];
  @IsBoolean() residentVerified: boolean;
}

export class MembershipView {
  @IsUUID() orgId: string;
  @IsString() @Doc({ example: '阳光社区' }) orgName: string;
  @IsIn(OrgKinds) orgKind: OrgKind;
  @IsIn(MembershipRoles) role: MembershipRole;
}

export class MeView extends UserView {
  @ValidateNested({ each: true }) @Type(() => MembershipView) memberships: MembershipView[];
}

export class AuthResultView {
  @ValidateNested() @Type(() => UserView) user: UserView;
  @IsString() @Doc('JWT (HS256) for `Authorization: Bearer …`') accessToken: string;
  @IsString() @Doc('Opaque; rotates on every use; reusing a spent one revokes the session') refreshToken: string;
  @IsInt() @Doc({ description: 'Seconds until the access token expires', example: 900 }) expiresIn: number;
}

export class OrgView {
  @IsUUID() id: string;
  @IsString() @Doc({ example: '阳光社区' }) name: string;
  @IsIn(OrgKinds) kind: OrgKind;
  @IsUUID() createdBy: string;
  @Nullable() @IsUUID() @Doc('The foundation that supports this organisation') supportedBy: string | null;
  @IsISO8601() createdAt: string;
}

export class OrgMemberView {
  @IsUUID() userId: string;
  @IsString() @Doc({ example: '组织者老李' }) displayName: string;
  @IsOptional() @IsEmail() @Doc('Only for admins and the organisation’s managers') email?: string;
  @IsIn(MembershipRoles) role: MembershipRole;
  @IsISO8601() since: string;
}

export class OrgDetailView extends OrgView {
  @IsInt() @Doc('Number of distinct members') memberCount: number;
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => OrgMemberView)
  @Doc('Only for members of the organisation and admins')
  members?: OrgMemberView[];
}

export class OrgPageView extends PageOf(OrgView) {}

export class MembershipAddedView {
  @IsUUID() orgId: string;
  @IsUUID() userId: string;
  @IsIn(MembershipRoles) role: MembershipRole;
}

export class MembershipRemovedView {
  @IsUUID() orgId: string;
  @IsUUID() userId: string;
  @IsIn(MembershipRoles, { each: true }) @Doc('The roles the user held and no longer holds') roles: MembershipRole[];
}

export class RemoveMemberQuery {
  @IsOptional()
  @IsIn(MembershipRoles)
  @Doc('Remove only this role; without it every role of the user in the organisation')
  role?: MembershipRole;
}

// ---------------------------------------------------------------- invitations

export const InvitationStates = ['pending', 'accepted', 'declined', 'expired'] as const;
export type InvitationState = (typeof InvitationStates)[number];

/** An offer of a role; only the invitee's acceptance makes the membership. */
export class InvitationView {
  @IsUUID() id: string;
  @IsUUID() orgId: string;
  @IsString() @Doc({ example: '阳光社区' }) orgName: string;
  @IsIn(OrgKinds) orgKind: OrgKind;
  @IsUUID() userId: string;
  @IsIn(MembershipRoles) role: MembershipRole;
  @IsUUID() invitedBy: string;
  @IsString() @Doc({ example: '管理员' }) invitedByName: string;
  @IsIn(InvitationStates) status: InvitationState;
  @IsISO8601() createdAt: string;
  @IsISO8601() expiresAt: string;
}

export class InvitationListView {
  @ValidateNested({ each: true }) @Type(() => InvitationView) items: InvitationView[];
}

// ---------------------------------------------------------------- account administration

export class FindUserQuery {
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

/** An account as admins see it: its state and every membership. */
export class AdminUserView extends MeView {
  @Nullable() @IsISO8601() @Doc('When an admin disabled the account; null while it is active') disabledAt: string | null;
  @Nullable() @IsISO8601() @Doc('When an admin froze the wallet; null while it is not frozen') walletFrozenAt: string | null;
}

// ---------------------------------------------------------------- demo

export class DemoAccountView {
  /** The role the account shows the platform as: resident, organizer, business, … */
  @IsString() key!: string;
  @IsEmail() email!: string;
  @IsString() displayName!: string;
}

/**
 * `GET /public/demo`: whether this platform holds the demo data, and only then its accounts and
 * their shared password, so a sign-in page never offers accounts that do not exist.
 */
export class DemoInfoView {
  @IsBoolean() demo!: boolean;

  @IsOptional()
  @IsString()
  password?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => DemoAccountView)
  accounts?: DemoAccountView[];
}
