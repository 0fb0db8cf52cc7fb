import { Module } from '@nestjs/common';
import { TransfersModule } from '../transfers/transfers.module';
import { ExpiryService } from './expiry.service';

@Module({
  imports: [TransfersModule],
  providers: [ExpiryService],
  exports: [ExpiryService],
})
export class ExpiryModule {}
