import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { SignedIn, Access, CurrentUser, type UserContext } from '@goodloop/common';
import type { Response } from 'express';

import { canPostTransfers, canReadTransfer } from '../access/ledger-access';
import { SettleTransferDto, TransferRequestV1, VoidTransferDto, type TransferResultView } from '@goodloop/contracts';
import { LinkedTransfersDto } from './dto/create-transfer.dto';
import { originOf, withRequester } from './requester';
import { LedgerRule } from '../domain';
import { TransferError } from './transfers.errors';
import { TransfersService, type TransferResult } from './transfers.service';

/**
 * Transfers by HTTP: admin tools and repairs. Services ask on Kafka. Every write answers 201
 * when it did something and 200 (`replayed: true`) when the same id and content came again.
 */
@Controller('internal/transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  /** One transfer, held instead of posted when `pending` is given; with `linked`, a linked batch. */
  @Post()
  @Access(canPostTransfers, 'Only admins may post transfers directly')
  async create(
    @CurrentUser() user: UserContext,
    @Body() body: TransferRequestV1,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferResultView | { transfers: TransferResultView[] }> {
    const { linked, ...first } = body;
    if (linked && linked.length > 0) {
      const transfers = await this.transfers.linked(
        [first, ...linked].map((t) => withRequester(t, user)),
        originOf(user),
      );
      response.status(transfers.every((t) => t.replayed) ? HttpStatus.OK : HttpStatus.CREATED);
      return { transfers };
    }
    return answer(response, await this.transfers.transfer(withRequester(first, user), originOf(user)));
  }

  @Post('linked')
  @Access(canPostTransfers, 'Only admins may post transfers directly')
  async linked(
    @CurrentUser() user: UserContext,
    @Body() body: LinkedTransfersDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ transfers: TransferResult[] }> {
    const transfers = await this.transfers.linked(
      body.transfers.map((t) => withRequester(t, user)),
      originOf(user),
    );
    response.status(transfers.every((t) => t.replayed) ? HttpStatus.OK : HttpStatus.CREATED);
    return { transfers };
  }

  @Post(':id/post')
  @Access(canPostTransfers, 'Only admins may settle transfers directly')
  async post(
    @CurrentUser() user: UserContext,
    @Param('id') pendingId: string,
    @Body() body: SettleTransferDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferResultView> {
    return answer(response, await this.transfers.post(pendingId, withRequester(body, user), originOf(user)));
  }

  @Post(':id/void')
  @Access(canPostTransfers, 'Only admins may settle transfers directly')
  async void(
    @CurrentUser() user: UserContext,
    @Param('id') pendingId: string,
    @Body() body: VoidTransferDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferResultView> {
    return answer(response, await this.transfers.void(pendingId, withRequester(body, user), originOf(user)));
  }

  @Post(':id/reverse')
  @Access(canPostTransfers, 'Only admins may reverse transfers')
  async reverse(
    @CurrentUser() user: UserContext,
    @Param('id') reversesId: string,
    @Body() body: SettleTransferDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferResultView> {
    return answer(response, await this.transfers.reverse(reversesId, withRequester(body, user), originOf(user)));
  }

  /** A transfer, for the admins and staff who answer for the books and for the two parties. */
  @Get(':id')
  @SignedIn()
  async find(@CurrentUser() user: UserContext, @Param('id') transferId: string): Promise<TransferResultView> {
    const transfer = await this.transfers.find(transferId);
    if (!canReadTransfer(user, transfer)) {
      // Not "forbidden": whether a transfer exists is itself not for everyone to learn.
      throw new TransferError(LedgerRule.TransferNotFound, `there is no transfer ${transferId}`);
    }
    return transfer;
  }
}

function answer(response: Response, result: TransferResult): TransferResult {
  response.status(result.replayed ? HttpStatus.OK : HttpStatus.CREATED);
  return result;
}
