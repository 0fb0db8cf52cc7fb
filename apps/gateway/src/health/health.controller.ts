import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthService, type ReadinessReport } from '@goodloop/common';
import { Public } from '../auth/auth.decorators';
import { SERVICE_NAMES } from '../relay/services';
import { GatewayHealthService, type PlatformHealth } from './gateway-health.service';

const STATES = ['ok', 'degraded', 'down'];

class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty({
    type: 'object',
    description: `The gateway, postgres, kafka, redis, and each service: ${SERVICE_NAMES.join(', ')}`,
    additionalProperties: { type: 'string', enum: STATES },
    example: Object.fromEntries(['gateway', ...SERVICE_NAMES, 'postgres', 'kafka', 'redis'].map((name) => [name, 'ok'])),
  })
  services: Record<string, string>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: GatewayHealthService,
    private readonly local: HealthService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Health of the gateway and everything it reaches (503 when anything is degraded)' })
  @ApiOkResponse({ type: HealthView, description: 'Everything is ok' })
  @ApiServiceUnavailableResponse({ type: HealthView, description: 'Something is degraded or down' })
  async check(@Res() res: Response): Promise<void> {
    const report: PlatformHealth = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  @Get('live')
  @Public()
  @ApiOperation({
    summary: 'The gateway process answers (the liveness probe)',
    description: 'Asks nothing of any dependency: a slow Redis or a service down must not restart every gateway.',
  })
  @ApiOkResponse({ description: '{ "status": "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'The gateway can serve (the readiness probe)',
    description: 'Its own database answers. Redis, Kafka and the services only degrade `GET /health`.',
  })
  @ApiOkResponse({ description: '{ "ready": true, "checks": { "postgres": true } }' })
  @ApiServiceUnavailableResponse({ description: 'Its own database does not answer' })
  async ready(@Res() res: Response): Promise<void> {
    const report: ReadinessReport = await this.local.readiness();
    res.status(report.ready ? 200 : 503).json(report);
  }
}
