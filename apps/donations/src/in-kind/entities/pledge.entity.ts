import type { BeneficiaryGroup, ItemCategory, PledgeCategory, PledgeStatus } from '@goodloop/contracts';
import { bigintTransformer } from '@goodloop/money';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Goods, course seats or a service a business pledges. Quantities: `received` after inspection;
 * of that, `allocated` (to rewards or matched needs) and, of that, `delivered`. In stock is
 * received − allocated. Value is quantity × `unit_value_fen`: in-kind value, never cash.
 */
@Entity({ name: 'pledges' })
@Index('IDX_pledges_org', ['orgId', 'createdAt'])
@Index('IDX_pledges_status', ['status', 'createdAt'])
export class Pledge {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_pledges' })
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('varchar', { length: 120 })
  item: string;

  @Column('varchar', { length: 16 })
  category: PledgeCategory;

  @Column('bigint', { transformer: bigintTransformer })
  quantity: number;

  @Column('varchar', { length: 20 })
  unit: string;

  @Column('bigint', { name: 'unit_value_fen', transformer: bigintTransformer })
  unitValueFen: number;

  @Column('date', { name: 'expires_on' })
  expiresOn: string;

  @Column('varchar', { name: 'pickup_place', length: 200 })
  pickupPlace: string;

  @Column('varchar', { name: 'pickup_hours', length: 120 })
  pickupHours: string;

  @Column('varchar', { length: 1000, default: '' })
  conditions: string;

  /** What the goods are, in matching's vocabulary; null: not offered for matching. */
  @Column('varchar', { name: 'item_category', length: 32, nullable: true })
  itemCategory: ItemCategory | null;

  @Column('double precision', { name: 'pickup_lat', nullable: true })
  pickupLat: number | null;

  @Column('double precision', { name: 'pickup_lng', nullable: true })
  pickupLng: number | null;

  @Column('varchar', { name: 'for_beneficiaries', array: true, length: 32, default: () => "'{}'" })
  forBeneficiaries: BeneficiaryGroup[];

  @Column('varchar', { length: 16 })
  status: PledgeStatus;

  @Column('bigint', { name: 'received_quantity', transformer: bigintTransformer, nullable: true })
  receivedQuantity: number | null;

  @Column('bigint', { name: 'allocated_quantity', transformer: bigintTransformer, default: 0 })
  allocatedQuantity: number;

  @Column('bigint', { name: 'delivered_quantity', transformer: bigintTransformer, default: 0 })
  deliveredQuantity: number;

  @Column('varchar', { name: 'receive_note', length: 500, nullable: true })
  receiveNote: string | null;

  @Column('uuid', { name: 'received_by', nullable: true })
  receivedBy: string | null;

  @Column('timestamptz', { name: 'received_at', nullable: true })
  receivedAt: Date | null;

  @Column('varchar', { name: 'cancel_reason', length: 500, nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
