import { Controller, Get, UseGuards } from '@nestjs/common';
import { AccessGuard, AllowOnly } from '../access/access.guard';
import { canReadTrialBalance } from '../access/ledger-access';
import { ChainService, type ChainVerification } from './chain.service';

@Controller('internal/chain')
@UseGuards(AccessGuard)
export class ChainController {
  constructor(private readonly chain: ChainService) {}

  /** Recomputes the whole chain and returns its head (admins, foundation staff, auditors). */
  @Get('verify')
  @AllowOnly(canReadTrialBalance, 'Only admins and foundation staff verify the chain')
  verify(): Promise<ChainVerification> {
    return this.chain.verify();
  }
}
