import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AccessGuard, AllowOnly } from '../access/access.guard';
import { canPostTransfers, canReadTrialBalance } from '../access/ledger-access';
import { ReconciliationService, type ReconciliationStatus } from './reconciliation.service';

@Controller('internal/reconciliation')
@UseGuards(AccessGuard)
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** The last run's outcome. */
  @Get()
  @AllowOnly(canReadTrialBalance, 'Only admins and foundation staff see reconciliation')
  last(): Promise<ReconciliationStatus> {
    return this.reconciliation.last();
  }

  /** Runs it now (it also runs on a schedule). */
  @Post('run')
  @AllowOnly(canPostTransfers, 'Only admins start a reconciliation')
  run(): Promise<ReconciliationStatus> {
    return this.reconciliation.run();
  }
}
