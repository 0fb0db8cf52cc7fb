import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One skill of a volunteer, and the organizer who confirmed it (null until someone does). */
export interface ProfileSkill {
  skill: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export interface WeeklySlot {
  weekday: number;
  from: string;
  to: string;
}

/**
 * A volunteer's profile: what they can do, when, where from and how far, and their verified
 * service. `verified_minutes` is recounted from the attendance records in the transaction that
 * verifies hours; `version` grows with each change so that readers of the profile events keep
 * the newest. A user without a row has an empty profile.
 */
@Entity({ name: 'volunteer_profiles' })
export class VolunteerProfile {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_volunteer_profiles' })
  userId: string;

  @Column('jsonb', { default: () => "'[]'" })
  skills: ProfileSkill[];

  @Column('jsonb', { default: () => "'[]'" })
  availability: WeeklySlot[];

  @Column('double precision', { name: 'home_lat', nullable: true })
  homeLat: number | null;

  @Column('double precision', { name: 'home_lng', nullable: true })
  homeLng: number | null;

  @Column('varchar', { name: 'home_address', length: 200, nullable: true })
  homeAddress: string | null;

  @Column('integer', { name: 'reach_km', nullable: true })
  reachKm: number | null;

  @Column('integer', { name: 'verified_minutes', default: 0 })
  verifiedMinutes: number;

  @Column('integer', { default: 0 })
  version: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
