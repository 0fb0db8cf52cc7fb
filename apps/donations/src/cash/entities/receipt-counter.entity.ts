import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last receipt number an organisation issued in a year. Taken with `UPDATE … RETURNING` in
 * the confirming transaction, so a number is used exactly when the confirmation commits: no
 * gaps, no doubles, even with many confirmations at once.
 */
@Entity({ name: 'receipt_counters' })
export class ReceiptCounter {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'PK_receipt_counters' })
  orgId: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_receipt_counters' })
  year: number;

  @Column('integer', { name: 'last_seq' })
  lastSeq: number;
}
