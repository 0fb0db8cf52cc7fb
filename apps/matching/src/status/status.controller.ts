import { Controller, Get } from '@nestjs/common';
import { Public } from '@goodloop/common';
import type { ServiceStatusView } from '@goodloop/contracts';
import { DataSource } from 'typeorm';

/**
 * The service's first route, relayed by the gateway as `GET /api/v1/matching/status`: it answers
 * from the service's own database, so a 200 through the gateway proves the whole path.
 */
@Controller('internal/status')
export class StatusController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  async status(): Promise<ServiceStatusView> {
    const [row] = (await this.dataSource.query('SELECT now() AS now')) as { now: Date }[];
    return { service: 'matching', databaseTime: row!.now.toISOString() };
  }
}
