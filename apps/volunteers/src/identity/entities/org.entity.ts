import type { OrgKind } from '@goodloop/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read model of the gateway's organisations, fed by `gateway.org.created.v1`: it names the
 * organisation of an activity an admin publishes without being a member of it.
 */
@Entity({ name: 'orgs' })
export class Org {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_orgs' })
  id: string;

  @Column('varchar', { length: 120 })
  name: string;

  @Column('varchar', { length: 32 })
  kind: OrgKind;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
