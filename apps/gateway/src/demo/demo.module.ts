import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrgsModule } from '../orgs/orgs.module';
import { UsersModule } from '../users/users.module';
import { DemoController } from './demo.controller';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AuthModule, UsersModule, OrgsModule],
  controllers: [DemoController],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
