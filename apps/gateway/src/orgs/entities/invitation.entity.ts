import type { MembershipRole } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Org } from './org.entity';

export const InvitationStatuses = ['pending', 'accepted', 'declined'] as const;
export type InvitationStatus = (typeof InvitationStatuses)[number];

/**
 * An offer of one role in one organisation to one account. Only the invitee's acceptance makes
 * the membership. A pending invitation past `expiresAt` is expired (it is never updated for that:
 * expiry is read off the clock). At most one pending invitation per org, user and role.
 */
@Entity({ name: 'invitations' })
@Check('invitations_status_check', `"status" IN ('pending', 'accepted', 'declined')`)
@Check('invitations_role_check', `"role" IN ('organizer', 'business', 'foundation_staff', 'reviewer', 'member')`)
@Index('invitations_pending_key', ['orgId', 'userId', 'role'], { unique: true, where: `"status" = 'pending'` })
@Index('invitations_user_idx', ['userId'])
export class Invitation {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  role: MembershipRole;

  @Column('uuid', { name: 'invited_by' })
  invitedBy: string;

  @Column('text', { default: 'pending' })
  status: InvitationStatus;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Org, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id' })
  org?: Relation<Org>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invited_by' })
  inviter?: Relation<User>;
}
