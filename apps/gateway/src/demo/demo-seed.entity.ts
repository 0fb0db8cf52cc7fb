import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Marks a data set as loaded, so the demo seed runs once per database however often the gateway starts. */
@Entity({ name: 'demo_seed' })
export class DemoSeed {
  @PrimaryColumn('text')
  name: string;

  @Column('timestamptz', { name: 'seeded_at', default: () => 'now()' })
  seededAt: Date;
}
