import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Org } from './entities/org.entity';
import { User } from './entities/user.entity';
import { IdentityConsumer } from './identity.consumer';
import { IdentityService } from './identity.service';

/** The gateway's users and organisations, as far as this service needs them. */
@Module({
  imports: [TypeOrmModule.forFeature([User, Org])],
  controllers: [IdentityConsumer],
  providers: [IdentityService],
  exports: [IdentityService],
})
export class IdentityModule {}
