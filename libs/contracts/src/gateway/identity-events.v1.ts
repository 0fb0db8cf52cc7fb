import { IsBoolean, IsEmail, IsIn, IsISO8601, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { MembershipRoles, OrgKinds, type MembershipRole, type OrgKind } from '../enums';

/** `gateway.user.registered.v1` — key: userId. */
export class UserRegisteredV1 {
  @IsUUID()
  userId: string;

  @IsEmail()
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName: string;

  @IsIn(['zh-CN', 'en'])
  locale: 'zh-CN' | 'en';

  @IsISO8601({ strict: true })
  registeredAt: string;
}

/** `gateway.resident.verified.v1` — key: userId. */
export class ResidentVerifiedV1 {
  @IsUUID()
  userId: string;

  @IsUUID()
  verifiedBy: string;

  @IsISO8601({ strict: true })
  verifiedAt: string;
}

/** `gateway.org.created.v1` — key: orgId. */
export class OrgCreatedV1 {
  @IsUUID()
  orgId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @IsIn(OrgKinds)
  kind: OrgKind;

  @IsISO8601({ strict: true })
  createdAt: string;
}

/** `gateway.membership.changed.v1` — key: orgId. */
export class MembershipChangedV1 {
  @IsUUID()
  orgId: string;

  @IsUUID()
  userId: string;

  @IsIn(MembershipRoles)
  role: MembershipRole;

  @IsIn(['added', 'removed'])
  change: 'added' | 'removed';

  @IsISO8601({ strict: true })
  changedAt: string;
}

/**
 * `gateway.user.status.changed.v1` — key: userId. An admin disabled (`disabled: true`) or enabled
 * an account. Services refuse a disabled account's new actions (volunteers: sign-ups).
 */
export class UserStatusChangedV1 {
  @IsUUID()
  userId: string;

  @IsBoolean()
  disabled: boolean;

  @IsUUID()
  changedBy: string;

  @IsISO8601({ strict: true })
  changedAt: string;
}

/**
 * `gateway.wallet.freeze.changed.v1` — key: userId. An admin froze (`frozen: true`) or unfroze a
 * user's wallet; the ledger sets the flag on the user's wallet accounts in every asset.
 */
export class WalletFreezeChangedV1 {
  @IsUUID()
  userId: string;

  @IsBoolean()
  frozen: boolean;

  @IsUUID()
  changedBy: string;

  @IsISO8601({ strict: true })
  changedAt: string;
}
