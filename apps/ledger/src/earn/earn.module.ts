import { Module } from '@nestjs/common';
import { TransfersModule } from '../transfers/transfers.module';
import { HoursVerifiedConsumer } from './hours-verified.consumer';

/** Turns verified volunteering into points. */
@Module({
  imports: [TransfersModule],
  providers: [HoursVerifiedConsumer],
})
export class EarnModule {}
