import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CommonError } from '@goodloop/common';

import { canPostTransfers } from '../access/ledger-access';
import { LedgerJobNames } from './ledger-jobs.processor';
import { LedgerJobsService } from './ledger-jobs.service';

const RUNNABLE = new Set<string>([LedgerJobNames.ExpirePoints, LedgerJobNames.SweepPending, LedgerJobNames.Reconcile]);

/** Scheduled jobs on demand, for operators (and for the demo's clock). */
@Controller('internal/jobs')
export class LedgerJobsController {
  constructor(private readonly jobs: LedgerJobsService) {}

  @Post(':name/run')
  @HttpCode(200)
  @Access(canPostTransfers, 'Only admins run ledger jobs')
  async run(@Param('name') name: string): Promise<{ job: string; result: unknown }> {
    if (!RUNNABLE.has(name)) throw CommonError.notFound(`no job ${name}; jobs: ${[...RUNNABLE].join(', ')}`);
    return { job: name, result: await this.jobs.runNow(name) };
  }
}
