import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A provider's event, applied once: the same event delivered again finds its row here. */
@Entity({ name: 'payment_events' })
export class PaymentEvent {
  @PrimaryColumn('varchar', { name: 'event_id', length: 128, primaryKeyConstraintName: 'PK_payment_events' })
  eventId: string;

  @Column('uuid', { name: 'donation_id' })
  donationId: string;

  @Column('varchar', { length: 32 })
  type: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/** Signatures seen within the timestamp window: the very same signed request twice is a replay. */
@Entity({ name: 'webhook_signatures' })
export class WebhookSignature {
  @PrimaryColumn('varchar', { length: 128, primaryKeyConstraintName: 'PK_webhook_signatures' })
  signature: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
