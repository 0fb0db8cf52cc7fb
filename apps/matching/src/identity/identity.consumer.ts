import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { Topics, type OrgCreatedV1 } from '@goodloop/contracts';
import { Org } from './entities/org.entity';

/** Keeps the organisations read model: the names shown on needs, offers and matches. */
@Controller()
export class IdentityConsumer {
  @EventPattern(Topics.OrgCreatedV1)
  async onOrgCreated(@Payload() payload: OrgCreatedV1, @Ctx() context: MessageContext): Promise<void> {
    await context
      .getManager()
      .createQueryBuilder()
      .insert()
      .into(Org)
      .values({ id: payload.orgId, name: payload.name, kind: payload.kind, createdAt: new Date(payload.createdAt) })
      .orIgnore()
      .execute();
  }
}
