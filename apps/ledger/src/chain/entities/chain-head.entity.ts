import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest link of the chain (seq 0 and 64 zeros before the first). One row. */
@Entity({ name: 'chain_head' })
@Check('chain_head_single_row_check', 'id = 1')
export class ChainHead {
  @PrimaryColumn('smallint')
  id: number;

  @Column('bigint')
  seq: string;

  @Column('text')
  hash: string;
}
