import { Injectable } from '@nestjs/common';
import { OutboxClient, type UserContext } from '@goodloop/common';
import { Topics, type MembershipRole, type OrgKind, type PlatformRole } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { effectiveRoles } from '../domain/roles';
import type { MembershipView, MeView, UserView } from '@goodloop/contracts';
import { User, type Locale } from './entities/user.entity';
import { UserError, UserErrorCode } from './users.errors';

/** The user as the gateway knows it: its memberships name their organisations (services get ids only). */
export type GatewayUserContext = UserContext & { memberships: MembershipView[] };

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName: string;
  locale: Locale;
}

interface MembershipRow {
  org_id: string;
  org_name: string;
  org_kind: OrgKind;
  role: MembershipRole;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Accounts: creating them (with the `gateway.user.registered.v1` event in the same transaction),
 * reading them with their memberships, platform roles and resident verification.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
  ) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  /** `email` must already be normalised (trimmed, lower-cased), as the DTOs do. */
  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOneBy(User, { email });
  }

  /** Creates the account and queues `gateway.user.registered.v1` in the caller's transaction. */
  async create(manager: EntityManager, input: NewUser): Promise<User> {
    if (await this.findByEmail(input.email, manager)) throw new UserError(UserErrorCode.EmailTaken);
    const user = manager.create(User, {
      id: uuidv7(),
      email: input.email,
      passwordHash: input.passwordHash,
      displayName: input.displayName,
      locale: input.locale,
      platformRoles: ['resident'],
      residentVerified: false,
    });
    try {
      await manager.insert(User, user);
    } catch (error) {
      // Two registrations of one email at the same moment: the unique constraint decides.
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw new UserError(UserErrorCode.EmailTaken);
      }
      throw error;
    }
    const saved = await manager.findOneByOrFail(User, { id: user.id });
    await lastValueFrom(
      this.outbox.within(manager).emit(Topics.UserRegisteredV1, {
        key: saved.id,
        value: {
          userId: saved.id,
          email: saved.email,
          displayName: saved.displayName,
          locale: saved.locale,
          registeredAt: saved.createdAt.toISOString(),
        },
      }),
    );
    return saved;
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.dataSource.manager.update(User, { id: userId }, { passwordHash });
  }

  /** Adds a platform role (idempotent). Platform roles are not published: services see them in the user context. */
  async grantPlatformRole(manager: EntityManager, userId: string, role: PlatformRole): Promise<void> {
    await manager.query(
      `UPDATE users SET platform_roles = array_append(platform_roles, $2::text) WHERE id = $1 AND NOT ($2::text = ANY(platform_roles))`,
      [userId, role],
    );
  }

  /**
   * Marks a resident as verified (they may then take part in grant rounds) and emits
   * `gateway.resident.verified.v1` — once: the conditional UPDATE lets only the first of two
   * concurrent verifications through, and a repeat changes nothing and emits nothing.
   */
  async verifyResident(manager: EntityManager, userId: string, verifiedBy: string): Promise<User> {
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw new UserError(UserErrorCode.UserNotFound);
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = (await manager.query(
      `UPDATE users SET resident_verified = true WHERE id = $1 AND resident_verified = false RETURNING id`,
      [userId],
    )) as [unknown[], number];
    if (rows.length > 0) {
      await lastValueFrom(
        this.outbox.within(manager).emit(Topics.ResidentVerifiedV1, {
          key: userId,
          value: { userId, verifiedBy, verifiedAt: new Date().toISOString() },
        }),
      );
    }
    return manager.findOneByOrFail(User, { id: userId });
  }

  /** `verifyResident` in its own transaction, answered as the public user shape. */
  verifyResidentView(userId: string, verifiedBy: string): Promise<UserView> {
    return this.dataSource.transaction(async (manager) =>
      this.view(await this.verifyResident(manager, userId, verifiedBy), manager),
    );
  }

  async memberships(userId: string, manager: EntityManager = this.dataSource.manager): Promise<MembershipView[]> {
    const rows = (await manager.query(
      `SELECT m.org_id, o.name AS org_name, o.kind AS org_kind, m.role
         FROM memberships m JOIN orgs o ON o.id = m.org_id
        WHERE m.user_id = $1
        ORDER BY m.created_at, o.name, m.role`,
      [userId],
    )) as MembershipRow[];
    return rows.map((r) => ({ orgId: r.org_id, orgName: r.org_name, orgKind: r.org_kind, role: r.role }));
  }

  /** The account and its context as passed to services, or undefined when the account is gone. */
  async loadContext(userId: string): Promise<{ user: User; context: GatewayUserContext } | undefined> {
    const [user, memberships] = await Promise.all([this.findById(userId), this.memberships(userId)]);
    if (!user) return undefined;
    return { user, context: this.contextOf(user, memberships) };
  }

  contextOf(user: User, memberships: MembershipView[]): GatewayUserContext {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: effectiveRoles(
        user.platformRoles,
        memberships.map((m) => m.role),
      ),
      residentVerified: user.residentVerified,
      memberships,
    };
  }

  async view(user: User, manager: EntityManager = this.dataSource.manager): Promise<UserView> {
    const memberships = await this.memberships(user.id, manager);
    return this.viewOf(user, memberships);
  }

  viewOf(user: User, memberships: MembershipView[]): UserView {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      roles: this.contextOf(user, memberships).roles,
      residentVerified: user.residentVerified,
    };
  }

  async me(userId: string): Promise<MeView> {
    const loaded = await this.loadContext(userId);
    if (!loaded) throw new UserError(UserErrorCode.UserNotFound);
    return { ...this.viewOf(loaded.user, loaded.context.memberships), memberships: loaded.context.memberships };
  }
}
