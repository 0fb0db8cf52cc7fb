import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read model of the gateway's users, fed by `gateway.user.registered.v1`: enough to put names on
 * rosters. The gateway owns identity; this table is only ever written by the consumer.
 */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_users' })
  id: string;

  @Column('varchar', { name: 'display_name', length: 64 })
  displayName: string;

  @Column('varchar', { length: 320 })
  email: string;

  @Column('varchar', { length: 8 })
  locale: string;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt: Date;

  /** Set while the gateway reports the account disabled (`gateway.user.status.changed.v1`). */
  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
