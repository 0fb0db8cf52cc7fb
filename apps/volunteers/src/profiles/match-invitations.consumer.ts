import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { MatchAcceptedV1, Topics } from '@goodloop/contracts';
import { ProfilesService } from './profiles.service';

/** Accepted skill matches invite their volunteer (item matches are donations' business). */
@Controller()
export class MatchInvitationsConsumer {
  constructor(private readonly profiles: ProfilesService) {}

  @EventPattern(Topics.MatchAcceptedV1)
  async onMatchAccepted(@Payload() event: MatchAcceptedV1, @Ctx() context: MessageContext): Promise<void> {
    await this.profiles.invite(context.getManager(), event);
  }
}
