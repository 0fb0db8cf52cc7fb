import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { MatchInvitation } from './entities/match-invitation.entity';
import { VolunteerProfile } from './entities/volunteer-profile.entity';
import { MatchInvitationsConsumer } from './match-invitations.consumer';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';

/** Volunteer profiles: skills, availability, home area, verified hours and stars; match invitations. */
@Module({
  imports: [TypeOrmModule.forFeature([VolunteerProfile, MatchInvitation]), IdentityModule],
  controllers: [ProfilesController, MatchInvitationsConsumer],
  providers: [ProfilesService],
  exports: [ProfilesService],
})
export class ProfilesModule {}
