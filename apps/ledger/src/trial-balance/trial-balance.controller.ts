import { Controller, Get, UseGuards } from '@nestjs/common';
import { AccessGuard, AllowOnly } from '../access/access.guard';
import { canReadTrialBalance } from '../access/ledger-access';
import { TrialBalanceService, type TrialBalanceDto } from './trial-balance.service';

@Controller('internal/trial-balance')
@UseGuards(AccessGuard)
export class TrialBalanceController {
  constructor(private readonly trialBalance: TrialBalanceService) {}

  /** Backs `GET /ledger/trial-balance`. */
  @Get()
  @AllowOnly(canReadTrialBalance, 'Only admins and foundation staff may read the trial balance')
  get(): Promise<TrialBalanceDto> {
    return this.trialBalance.compute();
  }
}
