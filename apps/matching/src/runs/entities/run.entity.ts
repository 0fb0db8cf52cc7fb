import type { RunStatus } from '@goodloop/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export interface RunTotals {
  needs: number;
  offers: number;
  candidates: number;
  matches: number;
  units: number;
  value: number;
  needsServed: number;
  needsFully: number;
  solveMs: number;
}

/** A matching run: started by staff or the schedule, carried out by the job queue. */
@Entity({ name: 'matching_runs' })
@Index('IDX_matching_runs_created', ['createdAt'])
export class Run {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_matching_runs' })
  id: string;

  @Column('varchar', { length: 8 })
  status: RunStatus;

  @Column('varchar', { length: 8 })
  trigger: 'manual' | 'schedule';

  @Column('uuid', { name: 'started_by', nullable: true })
  startedBy: string | null;

  @Column('smallint', { default: 0 })
  progress: number;

  @Column('varchar', { length: 16, default: 'queued' })
  stage: string;

  @Column('integer', { name: 'max_distance_km' })
  maxDistanceKm: number;

  @Column('jsonb', { nullable: true })
  totals: RunTotals | null;

  @Column('uuid', { name: 'previous_run_id', nullable: true })
  previousRunId: string | null;

  @Column('varchar', { length: 500, nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}
