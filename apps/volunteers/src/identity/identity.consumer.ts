import { Injectable } from '@nestjs/common';
import { OnMessage, type MessageContext } from '@goodloop/common';
import { Topics, type OrgCreatedV1, type UserRegisteredV1 } from '@goodloop/contracts';
import { Org } from './entities/org.entity';
import { User } from './entities/user.entity';

/**
 * Keeps the users and orgs read models from the gateway's identity events. Each write is an
 * upsert in the inbox transaction: a redelivered message is skipped by the inbox, and the same
 * fact published twice under two message ids still leaves one row.
 */
@Injectable()
export class IdentityConsumer {
  @OnMessage(Topics.UserRegisteredV1)
  async onUserRegistered(payload: UserRegisteredV1, { manager }: MessageContext<typeof Topics.UserRegisteredV1>): Promise<void> {
    await manager
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

  @OnMessage(Topics.OrgCreatedV1)
  async onOrgCreated(payload: OrgCreatedV1, { manager }: MessageContext<typeof Topics.OrgCreatedV1>): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Org)
      .values({ id: payload.orgId, name: payload.name, kind: payload.kind, createdAt: new Date(payload.createdAt) })
      .orUpdate(['name', 'kind', 'created_at', 'updated_at'], ['id'])
      .execute();
  }
}
