import { TransferRequestV1 } from '@goodloop/contracts';

/**
 * Body of `POST /internal/transfers`: exactly the fields (and validation rules) of
 * `ledger.transfer.request.v1`, inherited so the HTTP and Kafka doors can never drift apart.
 */
export class CreateTransferDto extends TransferRequestV1 {}
