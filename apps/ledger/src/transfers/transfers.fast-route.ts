import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastAnswer, FastRoute, UserContext } from '@goodloop/common';
import { isPlainTransferRequest, type TransferRequestV1 } from '@goodloop/contracts';
import { canPostTransfers } from '../access/ledger-access';
import { originOf, withRequester } from './requester';
import { TransfersService } from './transfers.service';

/**
 * `POST /internal/transfers` for a single plain transfer or hold, answered before Express and
 * Nest (see `installFastRoutes`). It is the request an admin tool or a load of callers sends by
 * the thousand, and through the Nest pipeline it cost ~0.9 ms of CPU, most of it routing,
 * class-transformer and class-validator, against ~0.3 ms for the transfer itself.
 *
 * It answers what `TransfersController.create` would, through the same service call: the body
 * must pass `isPlainTransferRequest`, a strict subset of what the controller's validation
 * accepts (`CreateTransferDto` is `TransferRequestV1`, and `fast-checks.spec.ts` holds the check
 * to that class), and the caller must be someone the controller admits. Linked batches, bodies
 * with a problem, and callers it does not admit go on to the controller, which answers them.
 */
@Injectable()
export class TransferFastRoute implements FastRoute {
  readonly method = 'POST';
  readonly path = '/internal/transfers';

  constructor(private readonly transfers: TransfersService) {}

  admits(user: UserContext): boolean {
    return canPostTransfers(user);
  }

  takes(body: unknown): boolean {
    return isPlainTransferRequest(body);
  }

  async answer(body: unknown, user: UserContext): Promise<FastAnswer> {
    const result = await this.transfers.transfer(withRequester(body as TransferRequestV1, user), originOf(user));
    return { status: result.replayed ? HttpStatus.OK : HttpStatus.CREATED, body: result };
  }
}
