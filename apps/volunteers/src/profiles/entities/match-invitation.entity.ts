import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A volunteer invited to a community need through an accepted skill match
 * (`matching.match.accepted.v1`): one row per match, so a repeated acceptance invites once.
 */
@Entity({ name: 'match_invitations' })
@Index('IDX_match_invitations_user', ['userId', 'invitedAt'])
export class MatchInvitation {
  @PrimaryColumn('uuid', { name: 'match_id', primaryKeyConstraintName: 'PK_match_invitations' })
  matchId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { length: 120 })
  title: string;

  @Column('varchar', { length: 60 })
  skill: string;

  @Column('varchar', { length: 200 })
  address: string;

  @Column('timestamptz', { name: 'window_start', nullable: true })
  windowStart: Date | null;

  @Column('timestamptz', { name: 'window_end', nullable: true })
  windowEnd: Date | null;

  @CreateDateColumn({ name: 'invited_at', type: 'timestamptz' })
  invitedAt: Date;
}
