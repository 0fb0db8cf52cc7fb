import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommonError } from '@goodloop/common';
import { AccessGuard, AllowOnly } from '../access/access.guard';
import { canPostTransfers } from '../access/ledger-access';
import { LedgerJobNames } from './ledger-jobs.processor';
import { LedgerJobsService } from './ledger-jobs.service';

const RUNNABLE = new Set<string>([LedgerJobNames.ExpirePoints, LedgerJobNames.SweepPending, LedgerJobNames.Reconcile]);

/** Scheduled jobs on demand, for operators (and for the demo's clock). */
@Controller('internal/jobs')
@UseGuards(AccessGuard)
export class LedgerJobsController {
  constructor(private readonly jobs: LedgerJobsService) {}

  @Post(':name/run')
  @HttpCode(200)
  @AllowOnly(canPostTransfers, 'Only admins run ledger jobs')
  async run(@Param('name') name: string): Promise<{ job: string; result: unknown }> {
    if (!RUNNABLE.has(name)) throw CommonError.notFound(`no job ${name}; jobs: ${[...RUNNABLE].join(', ')}`);
    return { job: name, result: await this.jobs.runNow(name) };
  }
}
