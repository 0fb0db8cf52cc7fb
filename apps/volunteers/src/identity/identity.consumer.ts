import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessageContext } from '@goodloop/common';
import { Topics, type OrgCreatedV1, type UserRegisteredV1, type UserStatusChangedV1 } from '@goodloop/contracts';
import { Org } from './entities/org.entity';
import { User } from './entities/user.entity';

/**
 * Keeps the users and orgs read models from the gateway's identity events. Each write is an
 * upsert in the inbox transaction: a redelivered message is skipped by the inbox, and the same
 * fact published twice under two message ids still leaves one row.
 */
@Controller()
export class IdentityConsumer {
  @EventPattern(Topics.UserRegisteredV1)
  async onUserRegistered(@Payload() payload: UserRegisteredV1, @Ctx() context: MessageContext): Promise<void> {
    await context
      .getManager()
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({
        id: payload.userId,
        displayName: payload.displayName,
        email: payload.email,
        locale: payload.locale,
        registeredAt: new Date(payload.registeredAt),
      })
      .orUpdate(['display_name', 'email', 'locale', 'registered_at', 'updated_at'], ['id'])
      .execute();
  }

  @EventPattern(Topics.OrgCreatedV1)
  async onOrgCreated(@Payload() payload: OrgCreatedV1, @Ctx() context: MessageContext): Promise<void> {
    await context
      .getManager()
      .createQueryBuilder()
      .insert()
      .into(Org)
      .values({ id: payload.orgId, name: payload.name, kind: payload.kind, createdAt: new Date(payload.createdAt) })
      .orUpdate(['name', 'kind', 'created_at', 'updated_at'], ['id'])
      .execute();
  }

  /**
   * An admin disabled or enabled an account: sign-ups check this. The gateway already refuses a
   * disabled account's tokens; this keeps volunteers' own rule true whoever calls it.
   * (A status that arrives before the registration it follows changes no row; the gateway refuses
   * the account meanwhile.)
   */
  @EventPattern(Topics.UserStatusChangedV1)
  async onUserStatusChanged(@Payload() payload: UserStatusChangedV1, @Ctx() context: MessageContext): Promise<void> {
    await context
      .getManager()
      .query(`UPDATE users SET disabled_at = $2, updated_at = now() WHERE id = $1`, [
        payload.userId,
        payload.disabled ? new Date(payload.changedAt) : null,
      ]);
  }
}
