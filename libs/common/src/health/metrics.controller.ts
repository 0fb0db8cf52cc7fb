import { Public } from '../auth/access';
import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';

/**
 * Prometheus metrics of this process (the ledger's reconciliation drifts among them), behind
 * the internal token like every internal route: scraped from inside the cluster.
 */
@Public()
@Controller('internal/metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
