import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { LinkedTransferV1 } from '@goodloop/contracts';

/*
 * The public bodies (`POST /internal/transfers` takes `TransferRequestV1`, post and reverse
 * `SettleTransferDto`, void `VoidTransferDto`) live in @goodloop/contracts. This one is only
 * for callers inside the platform.
 */

/** Body of `POST /internal/transfers/linked`: 2 to 100 transfers applied all together or not at all. */
export class LinkedTransfersDto {
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LinkedTransferV1)
  transfers: LinkedTransferV1[];
}
