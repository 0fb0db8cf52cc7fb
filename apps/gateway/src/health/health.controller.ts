import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { GatewayHealthService, type PlatformHealth } from './gateway-health.service';

const STATES = ['ok', 'degraded', 'down'];

class ServicesHealthView {
  @ApiProperty({ enum: STATES }) gateway: string;
  @ApiProperty({ enum: STATES }) volunteers: string;
  @ApiProperty({ enum: STATES }) ledger: string;
  @ApiProperty({ enum: STATES }) postgres: string;
  @ApiProperty({ enum: STATES }) kafka: string;
  @ApiProperty({ enum: STATES }) redis: string;
}

class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty({ type: () => ServicesHealthView }) services: ServicesHealthView;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: GatewayHealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness of the gateway and everything it reaches' })
  @ApiOkResponse({ type: HealthView, description: 'Everything is ok' })
  @ApiServiceUnavailableResponse({ type: HealthView, description: 'Something is degraded or down' })
  async check(@Res() res: Response): Promise<void> {
    const report: PlatformHealth = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}
