import { Body, Controller, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import { CurrentUser, type UserContext } from '@goodloop/common';
import type { Response } from 'express';
import { AccessGuard, AllowOnly } from '../access/access.guard';
import { canPostTransfers } from '../access/ledger-access';
import { CreateTransferDto } from './dto/create-transfer.dto';
import { TransfersService, type TransferResult } from './transfers.service';

@Controller('internal/transfers')
@UseGuards(AccessGuard)
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  /**
   * Posts a transfer directly (admin tools; the next iteration's flows use the Kafka command).
   * 201 when posted now, 200 when the id was already posted with the same content.
   */
  @Post()
  @AllowOnly(canPostTransfers, 'Only admins may post transfers directly')
  async create(
    @CurrentUser() user: UserContext,
    @Body() body: CreateTransferDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferResult> {
    const result = await this.transfers.transfer({
      ...body,
      references: { ...body.references, requestedBy: body.references?.requestedBy ?? user.id },
    });
    response.status(result.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return result;
  }
}
