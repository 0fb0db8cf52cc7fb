import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsConsumer } from './accounts.consumer';
import { AccountsService } from './accounts.service';
import { Account } from './entities/account.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Account])],
  controllers: [AccountsConsumer],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
