import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ExpiryModule } from '../expiry/expiry.module';
import { WalletsController } from './wallets.controller';
import { WalletsService } from './wallets.service';

@Module({
  imports: [AccountsModule, ExpiryModule],
  controllers: [WalletsController],
  providers: [WalletsService],
})
export class WalletsModule {}
