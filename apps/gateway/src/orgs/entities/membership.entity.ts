import type { MembershipRole } from '@goodloop/contracts';
import { Check, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Org } from './org.entity';

/** One role of one user inside one organisation; a user may hold several roles in an org. */
@Entity({ name: 'memberships' })
@Check('memberships_role_check', `"role" IN ('organizer', 'business', 'foundation_staff', 'reviewer', 'member')`)
@Index('memberships_user_idx', ['userId'])
export class Membership {
  @PrimaryColumn('uuid', { name: 'org_id' })
  orgId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('text')
  role: MembershipRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Org, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id' })
  org?: Relation<Org>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;
}
