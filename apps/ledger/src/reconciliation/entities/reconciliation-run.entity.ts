import type { ReconciliationDriftView } from '@goodloop/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** As the API shows it (ReconciliationDriftView): stored as jsonb, answered unchanged. */
export type Drift = ReconciliationDriftView;

/** One pass of the reconciliation job: every account's totals recomputed from history. */
@Entity({ name: 'reconciliation_runs' })
export class ReconciliationRun {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at' })
  finishedAt: Date;

  @Column('integer', { name: 'accounts_checked' })
  accountsChecked: number;

  @Column('jsonb')
  drifts: Drift[];
}
