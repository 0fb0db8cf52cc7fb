import type { BeneficiaryGroup, NeedKind, NeedStatus } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A community need an organizer posted: goods (kind `item`, quantity in units) or volunteers
 * (kind `skill`, quantity in people, with a time window). `met` is what accepted matches gave;
 * a need is `met` when it reaches `quantity`, and can be met in parts.
 */
@Entity({ name: 'needs' })
@Check('CHK_needs_quantity', `"quantity" > 0 AND "met" >= 0 AND "met" <= "quantity"`)
@Index('IDX_needs_status', ['status', 'createdAt'])
@Index('IDX_needs_org', ['orgId', 'createdAt'])
export class Need {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_needs' })
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'posted_by' })
  postedBy: string;

  @Column('varchar', { length: 8 })
  kind: NeedKind;

  @Column('varchar', { length: 120 })
  title: string;

  @Column('varchar', { length: 2000, default: '' })
  description: string;

  @Column('varchar', { length: 32 })
  category: string;

  @Column('integer')
  quantity: number;

  @Column('varchar', { length: 20, default: '' })
  unit: string;

  @Column('integer', { default: 0 })
  met: number;

  @Column('double precision')
  lat: number;

  @Column('double precision')
  lng: number;

  @Column('varchar', { length: 200 })
  address: string;

  @Column('varchar', { length: 60 })
  neighbourhood: string;

  @Column('timestamptz')
  deadline: Date;

  @Column('smallint')
  urgency: number;

  @Column('varchar', { array: true, length: 32 })
  beneficiaries: BeneficiaryGroup[];

  @Column('timestamptz', { name: 'window_start', nullable: true })
  windowStart: Date | null;

  @Column('timestamptz', { name: 'window_end', nullable: true })
  windowEnd: Date | null;

  @Column('varchar', { length: 8 })
  status: NeedStatus;

  @Column('varchar', { name: 'closed_reason', length: 500, nullable: true })
  closedReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
