import type { OrgKind } from '@goodloop/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of the gateway's organisations (`gateway.org.created.v1`): names on needs, offers and matches. */
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
}
