import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { StockChangedV1, Topics, VolunteerProfileChangedV1 } from '@goodloop/contracts';
import { OffersService } from './offers.service';

/** Keeps the offers read model from donations' stock and volunteers' profiles. */
@Controller()
export class OffersConsumer {
  constructor(private readonly offers: OffersService) {}

  @EventPattern(Topics.StockChangedV1)
  async onStockChanged(@Payload() event: StockChangedV1, @Ctx() context: MessageContext): Promise<void> {
    await this.offers.applyStock(context.getManager(), event);
  }

  @EventPattern(Topics.VolunteerProfileChangedV1)
  async onProfileChanged(@Payload() event: VolunteerProfileChangedV1, @Ctx() context: MessageContext): Promise<void> {
    await this.offers.applyProfile(context.getManager(), event);
  }
}
