import { Controller, Get } from '@nestjs/common';
import { Access } from '@goodloop/common';

import { canReadTrialBalance } from '../access/ledger-access';
import type { ChainVerificationView } from '@goodloop/contracts';
import { ChainService } from './chain.service';

@Controller('internal/chain')
export class ChainController {
  constructor(private readonly chain: ChainService) {}

  /** Recomputes the whole chain and returns its head (admins, foundation staff, auditors). */
  @Get('verify')
  @Access(canReadTrialBalance, 'Only admins and foundation staff verify the chain')
  verify(): Promise<ChainVerificationView> {
    return this.chain.verify();
  }
}
