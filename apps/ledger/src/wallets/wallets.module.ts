import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { WalletsController } from './wallets.controller';
import { WalletsService } from './wallets.service';

@Module({
  imports: [AccountsModule],
  controllers: [WalletsController],
  providers: [WalletsService],
})
export class WalletsModule {}
