import { Module } from '@nestjs/common';
import { TransfersModule } from '../transfers/transfers.module';
import { EarnRulesController } from './earn-rules.controller';
import { EarnRulesService } from './earn-rules.service';
import { HoursVerifiedConsumer } from './hours-verified.consumer';

/** Turns verified volunteering into points, by each programme's versioned earn rule. */
@Module({
  imports: [TransfersModule],
  controllers: [EarnRulesController, HoursVerifiedConsumer],
  providers: [EarnRulesService],
  exports: [EarnRulesService],
})
export class EarnModule {}
