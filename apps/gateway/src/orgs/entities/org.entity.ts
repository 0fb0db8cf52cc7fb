import type { OrgKind } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/** An organisation: a community, a social organisation, a business or a foundation. */
@Entity({ name: 'orgs' })
@Check('orgs_kind_check', `"kind" IN ('community', 'social_org', 'business', 'foundation')`)
export class Org {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: OrgKind;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  /** The foundation that founded and supports this community or social organisation, if any. */
  @Column('uuid', { name: 'supported_by', nullable: true })
  supportedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  @ManyToOne(() => Org, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supported_by' })
  supporter?: Relation<Org>;
}
