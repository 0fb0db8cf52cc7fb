import { Locales, type Locale, type PlatformRole } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export { Locales, type Locale };

/** An account. Everyone is a resident; `admin` is the only other platform role. */
@Entity({ name: 'users' })
@Check('users_email_normalised_check', `"email" = lower(normalize("email", NFKC))`)
@Check('users_locale_check', `"locale" IN ('zh-CN', 'en')`)
@Check('users_platform_roles_check', `"platform_roles" <@ ARRAY['resident', 'admin']::text[]`)
export class User {
  @PrimaryColumn('uuid')
  id: string;

  /** Always stored lower-cased (a CHECK constraint holds it), so lookups are exact. */
  @Column('text', { unique: true })
  email: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { default: 'zh-CN' })
  locale: Locale;

  @Column('text', { name: 'platform_roles', array: true, default: () => `'{resident}'` })
  platformRoles: PlatformRole[];

  @Column('boolean', { name: 'resident_verified', default: false })
  residentVerified: boolean;

  /** Set while an admin has disabled the account: it cannot sign in and its tokens are refused. */
  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  /** Set while an admin has frozen the account's wallet (applied by the ledger). */
  @Column('timestamptz', { name: 'wallet_frozen_at', nullable: true })
  walletFrozenAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
