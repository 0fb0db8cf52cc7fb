import type { BeneficiaryGroup, NeedKind } from '@goodloop/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export interface OfferSlot {
  weekday: number;
  from: string;
  to: string;
}

/**
 * What can be given, as this service last heard of it: a pledge's stock (kind `item`, from
 * `donations.stock.changed.v1`) or a volunteer's skills (kind `skill`, from
 * `volunteers.profile.changed.v1`). `version` orders the messages of one offer (the stock
 * change's time, the profile's version), so an older message never overwrites a newer one.
 * `matchable` is false for stock without a category or place and volunteers without skills or home area.
 */
@Entity({ name: 'offers' })
@Index('IDX_offers_kind', ['kind', 'matchable'])
export class Offer {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_offers' })
  id: string;

  @Column('varchar', { length: 8 })
  kind: NeedKind;

  @Column('varchar', { array: true, length: 32 })
  categories: string[];

  @Column('varchar', { name: 'confirmed_skills', array: true, length: 32, default: () => "'{}'" })
  confirmedSkills: string[];

  @Column('varchar', { length: 120 })
  label: string;

  @Column('uuid', { name: 'org_id', nullable: true })
  orgId: string | null;

  @Column('integer')
  available: number;

  @Column('varchar', { length: 20, default: '' })
  unit: string;

  @Column('double precision', { nullable: true })
  lat: number | null;

  @Column('double precision', { nullable: true })
  lng: number | null;

  @Column('varchar', { length: 200, default: '' })
  place: string;

  @Column('date', { name: 'expires_on', nullable: true })
  expiresOn: string | null;

  @Column('varchar', { name: 'for_beneficiaries', array: true, length: 32, default: () => "'{}'" })
  forBeneficiaries: BeneficiaryGroup[];

  @Column('varchar', { length: 1000, default: '' })
  conditions: string;

  @Column('jsonb', { default: () => "'[]'" })
  availability: OfferSlot[];

  @Column('integer', { name: 'reach_km', nullable: true })
  reachKm: number | null;

  @Column('smallint', { name: 'star_level', default: 0 })
  starLevel: number;

  @Column('boolean')
  matchable: boolean;

  @Column('bigint')
  version: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
