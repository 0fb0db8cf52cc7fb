import type { MatchSideAnswer, MatchStatus, NeedKind } from '@goodloop/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One proposal of a run: `quantity` of an offer for a need, with its per-unit score and the
 * parts of it, so a person sees why. Each side answers once; both acceptances make it
 * `accepted` (and announced), either decline frees its quantity for the next run.
 */
@Entity({ name: 'matches' })
@Check('CHK_matches_quantity', `"quantity" > 0`)
@Index('IDX_matches_run', ['runId', 'needId'])
@Index('IDX_matches_need', ['needId', 'status'])
@Index('IDX_matches_offer', ['offerId', 'status'])
@Index('IDX_matches_status', ['status', 'createdAt'])
export class Match {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_matches' })
  id: string;

  @Column('uuid', { name: 'run_id' })
  runId: string;

  @Column('varchar', { length: 8 })
  kind: NeedKind;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'need_org_id' })
  needOrgId: string;

  @Column('uuid', { name: 'offer_id' })
  offerId: string;

  /** The pledging business (items); null for a volunteer. */
  @Column('uuid', { name: 'offer_org_id', nullable: true })
  offerOrgId: string | null;

  @Column('varchar', { name: 'offer_label', length: 120 })
  offerLabel: string;

  @Column('integer')
  quantity: number;

  @Column('integer')
  score: number;

  @Column('jsonb')
  parts: { urgency: number; distance: number; expiry: number; fairness: number; skill: number };

  @Column('double precision', { name: 'distance_km' })
  distanceKm: number;

  @Column('varchar', { length: 12 })
  status: MatchStatus;

  @Column('varchar', { name: 'need_side', length: 8, default: 'pending' })
  needSide: MatchSideAnswer;

  @Column('varchar', { name: 'offer_side', length: 8, default: 'pending' })
  offerSide: MatchSideAnswer;

  @Column('varchar', { name: 'decline_reason', length: 500, nullable: true })
  declineReason: string | null;

  @Column('integer', { nullable: true })
  allocated: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;
}
