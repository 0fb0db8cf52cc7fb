import { Public } from '../auth/access';
import { Controller, Get } from '@nestjs/common';
import { SkipInternalAuth } from '../auth/internal-auth.guard';
import { HealthService, type HealthReport } from './health.service';

@Public()
@Controller('internal/health')
@SkipInternalAuth()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  report(): Promise<HealthReport> {
    return this.health.report();
  }
}
