import { Controller, Get, Post } from '@nestjs/common';
import { Access } from '@goodloop/common';

import { canPostTransfers, canReadTrialBalance } from '../access/ledger-access';
import type { ReconciliationView } from '@goodloop/contracts';
import { ReconciliationService } from './reconciliation.service';

@Controller('internal/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** The last run's outcome. */
  @Get()
  @Access(canReadTrialBalance, 'Only admins and foundation staff see reconciliation')
  last(): Promise<ReconciliationView> {
    return this.reconciliation.last();
  }

  /** Runs it now (it also runs on a schedule). */
  @Post('run')
  @Access(canPostTransfers, 'Only admins start a reconciliation')
  run(): Promise<ReconciliationView> {
    return this.reconciliation.run();
  }
}
