import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { AllocationRecordedV1, Topics } from '@goodloop/contracts';
import { MatchesService } from './matches.service';

/** Donations' answers to accepted item matches: how much stock it set aside. */
@Controller()
export class AllocationsConsumer {
  constructor(private readonly matches: MatchesService) {}

  @EventPattern(Topics.AllocationRecordedV1)
  async onAllocationRecorded(@Payload() event: AllocationRecordedV1, @Ctx() context: MessageContext): Promise<void> {
    await this.matches.onAllocationRecorded(context.getManager(), event);
  }
}
