import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembershipWriter } from './membership.writer';
import { OrgsController } from './orgs.controller';
import { OrgsService } from './orgs.service';

@Module({
  imports: [UsersModule],
  controllers: [OrgsController, InvitationsController],
  providers: [OrgsService, InvitationsService, MembershipWriter],
  exports: [OrgsService],
})
export class OrgsModule {}
