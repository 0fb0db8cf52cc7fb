import { Module } from '@nestjs/common';
import { HealthService } from '@goodloop/common';
import { RelayModule } from '../relay/relay.module';
import { GatewayHealthService } from './gateway-health.service';
import { HealthController } from './health.controller';
import { KafkaHealth } from './kafka.health';

/**
 * Public `GET /health`. Uses the shared HealthService but not the shared HealthModule: that one
 * mounts `/internal/health` for service-to-service probes, which the public gateway has no use for.
 */
@Module({
  imports: [RelayModule],
  controllers: [HealthController],
  providers: [HealthService, KafkaHealth, GatewayHealthService],
})
export class GatewayHealthModule {}
