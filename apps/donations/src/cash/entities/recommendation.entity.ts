import type { RecommendationStatus, RecommendationTarget } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A grant the donor of a donor-advised fund recommends; only an approved one moves money. */
@Entity({ name: 'recommendations' })
@Index('IDX_recommendations_fund', ['fundId', 'createdAt'])
@Index('IDX_recommendations_status', ['status'])
export class Recommendation {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_recommendations' })
  id: string;

  @Column('uuid', { name: 'fund_id' })
  fundId: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintTransformer })
  amountFen: number;

  @Column('varchar', { name: 'target_kind', length: 8 })
  targetKind: RecommendationTarget;

  @Column('uuid', { name: 'target_id' })
  targetId: string;

  @Column('varchar', { name: 'application_ref', length: 120, nullable: true })
  applicationRef: string | null;

  @Column('varchar', { length: 500, default: '' })
  note: string;

  @Column('varchar', { length: 16 })
  status: RecommendationStatus;

  @Column('varchar', { length: 500, nullable: true })
  reason: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
