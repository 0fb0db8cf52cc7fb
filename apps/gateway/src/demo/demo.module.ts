import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrgsModule } from '../orgs/orgs.module';
import { UsersModule } from '../users/users.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AuthModule, UsersModule, OrgsModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
