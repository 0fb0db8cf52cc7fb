import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/access';
import { SkipInternalAuth } from '../auth/internal-auth.guard';
import { HealthService, type HealthReport, type ReadinessReport } from './health.service';

/** A service's health for the orchestrator (live, ready) and for people and the gateway (report). */
@Public()
@Controller('internal/health')
@SkipInternalAuth()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Everything, degraded or not (always 200: the body says). */
  @Get()
  report(): Promise<HealthReport> {
    return this.health.report();
  }

  /** The process answers; nothing else is asked. The liveness probe. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when it can serve, 503 when its own database (or a check needed to serve) fails. The readiness probe. */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const report: ReadinessReport = await this.health.readiness();
    res.status(report.ready ? 200 : 503).json(report);
  }
}
