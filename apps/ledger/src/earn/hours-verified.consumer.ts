import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type HoursVerifiedV1 } from '@goodloop/contracts';
import { parseAmount } from '@goodloop/money';
import { PermanentMessageError, type MessageContext } from '@goodloop/common';
import {
  applyCaps,
  earnTransferId,
  expiryOf,
  issuanceKey,
  localDay,
  quoteEarn,
  ruleInForce,
  userWalletKey,
  type LedgerCommand,
} from '../domain';
import { isRejection } from '../transfers/transfer-result';
import { TransfersService } from '../transfers/transfers.service';
import { EarnRulesService } from './earn-rules.service';

@Controller()
export class HoursVerifiedConsumer {
  private readonly logger = new Logger(HoursVerifiedConsumer.name);

  constructor(
    private readonly transfers: TransfersService,
    private readonly rules: EarnRulesService,
  ) {}

  /**
   * Credits the resident's points for one verified attendance, priced by the programme's earn
   * rule in force when the hours were verified: the rate (the rule's, or the activity's), the
   * category bonus, then the daily and monthly caps in the programme's time zone. The earn log
   * records what was paid, before and after the caps, under which version — in the same
   * transaction as the transfer and the inbox row.
   *
   * Three locks against paying twice: the inbox (the same message), the earn log and the
   * transfer id, both derived from the attendance (the same attendance in another message). The
   * caps are counted under a lock on the resident and programme, so two earns at once cannot
   * both fit under the same remaining cap.
   *
   * A ledger refusal (a frozen wallet, the attendance id already used with another amount)
   * cannot be fixed by retrying: the message goes to the dead-letter topic with the reason.
   */
  @EventPattern(Topics.HoursVerifiedV1)
  async onHoursVerified(
    @Payload() payload: HoursVerifiedV1,
    @Ctx() context: MessageContext<typeof Topics.HoursVerifiedV1>,
  ): Promise<void> {
    const manager = context.getManager();
    const envelope = context.getEnvelope();
    const transferId = earnTransferId(payload.attendanceId);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`earn:${payload.userId}:${payload.programmeId}`]);
    const logged = (await manager.query('SELECT 1 FROM earn_log WHERE transfer_id = $1', [transferId])) as unknown[];
    if (logged.length > 0) {
      this.logger.debug(`attendance ${payload.attendanceId} was already paid`);
      return;
    }

    const verifiedAt = new Date(payload.verifiedAt);
    const rule = ruleInForce(await this.rules.versions(manager, payload.programmeId), verifiedAt);
    if (!rule)
      throw new PermanentMessageError(`programme ${payload.programmeId} had no earn rule in force at ${payload.verifiedAt}`);
    const quote = quoteEarn(rule, {
      minutes: payload.minutes,
      activityPointsPerHour: payload.pointsPerHour,
      category: payload.category,
    });
    const day = localDay(verifiedAt, rule.timeZone);
    const [sums] = (await manager.query(
      `SELECT coalesce(sum(points) FILTER (WHERE local_day = $3::date), 0)::text AS today,
              coalesce(sum(points), 0)::text AS month
         FROM earn_log
        WHERE user_id = $1 AND programme_id = $2
          AND local_day >= date_trunc('month', $3::date) AND local_day < date_trunc('month', $3::date) + interval '1 month'`,
      [payload.userId, payload.programmeId, day],
    )) as { today: string; month: string }[];
    const points = applyCaps(quote.uncapped, rule, {
      today: parseAmount(sums?.today ?? '0', 'points earned today'),
      thisMonth: parseAmount(sums?.month ?? '0', 'points earned this month'),
    });

    await manager.query(
      `INSERT INTO earn_log (transfer_id, user_id, programme_id, rule_version, local_day, points, uncapped_points)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [transferId, payload.userId, payload.programmeId, rule.version, day, points, quote.uncapped],
    );
    if (points === 0) {
      this.logger.debug(
        `attendance ${payload.attendanceId} earns nothing (${quote.uncapped} before caps, rule v${rule.version})`,
      );
      return;
    }

    const expiresAt = expiryOf(verifiedAt, rule.lifetimeDays);
    const command: LedgerCommand = {
      op: 'transfer',
      transferId,
      debitAccount: issuanceKey(payload.programmeId),
      creditAccount: userWalletKey(payload.userId),
      asset: 'POINTS',
      amount: points,
      code: 'earn',
      references: {
        sourceEvent: envelope.id,
        requestedBy: payload.verifiedBy,
        description: payload.activityTitle,
        rule: `${payload.programmeId}@v${rule.version}`,
      },
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    };
    const [result] = await this.transfers.applyIn(manager, [command], {
      causedBy: `message:${envelope.id}`,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
    if (result && isRejection(result)) throw new PermanentMessageError(`${result.reason}: ${result.message}`);
  }
}
