import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { Transfer } from '../../transfers/entities/transfer.entity';

/**
 * Link `seq` of the hash chain over postings: `hash = sha256(prevHash | seq | posting)`, where
 * `posting` is the canonical text of the transfer in the link's `format` (chain.service.ts).
 * Append-only.
 */
@Entity({ name: 'chain_links' })
@Check('chain_links_format_check', 'format IN (1, 2)')
@Unique('chain_links_transfer_id_key', ['transferId'])
export class ChainLink {
  @PrimaryColumn('bigint')
  seq: string;

  @Column('text', { name: 'transfer_id' })
  transferId: string;

  @OneToOne(() => Transfer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'transfer_id', foreignKeyConstraintName: 'chain_links_transfer_id_fkey' })
  transfer?: Relation<Transfer>;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;

  /**
   * The chain format this link was hashed with (chain.service.ts): 1 covers a transfer's
   * movement, 2 every field of the transfer and of its entries. Kept per link, so old links
   * are verified with the formula they were written with.
   */
  @Column('smallint')
  format: number;
}
