import { Controller, Get } from '@nestjs/common';
import { Access } from '@goodloop/common';

import { canReadTrialBalance } from '../access/ledger-access';
import type { TrialBalanceView } from '@goodloop/contracts';
import { TrialBalanceService } from './trial-balance.service';

@Controller('internal/trial-balance')
export class TrialBalanceController {
  constructor(private readonly trialBalance: TrialBalanceService) {}

  /** Backs `GET /ledger/trial-balance`. */
  @Get()
  @Access(canReadTrialBalance, 'Only admins and foundation staff may read the trial balance')
  get(): Promise<TrialBalanceView> {
    return this.trialBalance.compute();
  }
}
