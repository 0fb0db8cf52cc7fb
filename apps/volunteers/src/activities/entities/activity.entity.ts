import type { ActivityCategory } from '@goodloop/contracts';
import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A published volunteering activity. `confirmed_count` and `waitlist_count` are kept in step with
 * the signups by the signups service, always while it holds this row's lock, so a sign-up
 * decides "confirmed or waitlisted" from numbers nobody else can change at the same moment.
 */
@Entity({ name: 'activities' })
@Index('IDX_activities_starts_at_id', ['startsAt', 'id'])
@Index('IDX_activities_org_starts_at', ['orgId', 'startsAt'])
@Check('CHK_activities_schedule', `"ends_at" > "starts_at"`)
@Check('CHK_activities_counts', `"confirmed_count" BETWEEN 0 AND "capacity" AND "waitlist_count" >= 0`)
export class Activity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_activities' })
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  /** The organisation's name when the activity was published (services keep no org table of their own). */
  @Column('varchar', { name: 'org_name', length: 120 })
  orgName: string;

  @Column('varchar', { length: 120 })
  title: string;

  @Column('text', { default: '' })
  description: string;

  @Column('varchar', { length: 32 })
  category: ActivityCategory;

  @Column('varchar', { name: 'place_name', length: 120 })
  placeName: string;

  @Column('varchar', { name: 'place_address', length: 300, nullable: true })
  placeAddress: string | null;

  @Column('double precision', { name: 'place_lat', nullable: true })
  placeLat: number | null;

  @Column('double precision', { name: 'place_lng', nullable: true })
  placeLng: number | null;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt: Date;

  @Column('integer')
  capacity: number;

  /** A rate bounded to 0..1000, not an amount: the ledger computes the points. */
  @Column('integer', { name: 'points_per_hour' })
  pointsPerHour: number;

  @Column('varchar', { name: 'programme_id', length: 64 })
  programmeId: string;

  @Column('char', { name: 'check_in_code', length: 6 })
  checkInCode: string;

  @Column('integer', { name: 'confirmed_count', default: 0 })
  confirmedCount: number;

  @Column('integer', { name: 'waitlist_count', default: 0 })
  waitlistCount: number;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
