import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CLIENT_ID_PATTERN, IsSafeInteger, LinkedTransferV1, TransferReferencesV1, TransferRequestV1 } from '@goodloop/contracts';

/**
 * Body of `POST /internal/transfers`: exactly the fields (and validation rules) of
 * `ledger.transfer.request.v1`, inherited so the HTTP and Kafka doors can never drift apart.
 */
export class CreateTransferDto extends TransferRequestV1 {}

/** Body of `POST /internal/transfers/linked`: 2 to 100 transfers applied all together or not at all. */
export class LinkedTransfersDto {
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LinkedTransferV1)
  transfers: LinkedTransferV1[];
}

/** Body of void: the new transfer's own id, and why. */
export class VoidTransferDto {
  @Matches(CLIENT_ID_PATTERN)
  transferId: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransferReferencesV1)
  references?: TransferReferencesV1;

  /** Why, in words: shorthand for `references.description`. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** Body of post and reverse: as void, with an optional part (all of it when absent). */
export class SettleTransferDto extends VoidTransferDto {
  @IsOptional()
  @IsSafeInteger()
  @Min(1)
  amount?: number;
}
