import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { Topics, type EarnRuleCreatedV1 } from '@goodloop/contracts';
import { ProgrammeEarnRule } from './entities/programme-earn-rule.entity';

/**
 * Keeps the programme earn rules read model from the ledger's `ledger.earn-rule.created.v1`.
 * Versions are never edited, so the same version announced twice leaves one row, unchanged.
 */
@Controller()
export class EarnRulesConsumer {
  @EventPattern(Topics.EarnRuleCreatedV1)
  async onEarnRuleCreated(@Payload() payload: EarnRuleCreatedV1, @Ctx() context: MessageContext): Promise<void> {
    await context
      .getManager()
      .createQueryBuilder()
      .insert()
      .into(ProgrammeEarnRule)
      .values({
        programmeId: payload.programmeId,
        version: payload.version,
        effectiveFrom: new Date(payload.effectiveFrom),
        maxPointsPerHour: payload.maxPointsPerHour,
        raiseApprovalMinutes: payload.raiseApprovalMinutes ?? null,
      })
      .orIgnore()
      .execute();
  }
}
