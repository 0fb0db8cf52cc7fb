import { Injectable } from '@nestjs/common';
import { CursorKeys, decodeCursor, OutboxClient, toPage, type UserContext } from '@goodloop/common';
import { DEFAULT_PAGE_SIZE, DEFAULT_ROLE_FOR_KIND, Topics, type MembershipRole, type OrgKind } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { mayGrantRole, mayManageOrg, maySeeMembers, orgCreation, roleAllowedInKind, ROLES_FOR_KIND } from '../domain/roles';
import { UsersService } from '../users/users.service';
import type {
  AddMemberDto,
  CreateOrgDto,
  InvitationView,
  ListOrgsQuery,
  MembershipRemovedView,
  OrgDetailView,
  OrgPageView,
  OrgView,
} from '@goodloop/contracts';
import { Org } from './entities/org.entity';
import { InvitationsService } from './invitations.service';
import { MembershipWriter } from './membership.writer';
import { OrgError, OrgErrorCode } from './orgs.errors';

interface MemberRow {
  user_id: string;
  display_name: string;
  email: string;
  role: MembershipRole;
  created_at: Date;
}

/**
 * Organisations and memberships. Every change is written with its identity event
 * (`gateway.org.created.v1`, `gateway.membership.changed.v1`) in the same transaction, so the
 * services' read models of who belongs where follow the gateway exactly.
 */
@Injectable()
export class OrgsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly memberships: MembershipWriter,
  ) {}

  /** Founds an organisation: admins any kind; foundation staff a community or social org their foundation supports. */
  async create(actor: UserContext, dto: CreateOrgDto): Promise<OrgView> {
    const decision = orgCreation(actor, dto.kind, dto.supportedBy);
    if (!decision.ok) throw new OrgError(OrgErrorCode.Forbidden, decision.reason);
    const org = await this.dataSource.transaction(async (manager) => {
      if (decision.supportedBy) {
        const supporter = await manager.findOneBy(Org, { id: decision.supportedBy });
        if (supporter?.kind !== 'foundation') {
          throw new OrgError(OrgErrorCode.OrgNotFound, 'The supporting foundation does not exist', [
            { field: 'supportedBy', errors: ['supportedBy must name a foundation'] },
          ]);
        }
      }
      return this.createWith(manager, { name: dto.name, kind: dto.kind, createdBy: actor.id, supportedBy: decision.supportedBy });
    });
    return this.view(org);
  }

  /** Creates the org and makes its creator a member with the kind's managing role. */
  async createWith(
    manager: EntityManager,
    input: { name: string; kind: OrgKind; createdBy: string; supportedBy?: string | null },
  ): Promise<Org> {
    const org = manager.create(Org, {
      id: uuidv7(),
      name: input.name,
      kind: input.kind,
      createdBy: input.createdBy,
      supportedBy: input.supportedBy ?? null,
    });
    await manager.insert(Org, org);
    const saved = await manager.findOneByOrFail(Org, { id: org.id });
    await lastValueFrom(
      this.outbox.within(manager).emit(Topics.OrgCreatedV1, {
        key: saved.id,
        value: { orgId: saved.id, name: saved.name, kind: saved.kind, createdAt: saved.createdAt.toISOString() },
      }),
    );
    await this.addMemberWith(manager, saved, input.createdBy, DEFAULT_ROLE_FOR_KIND[saved.kind]);
    return saved;
  }

  async list(query: ListOrgsQuery): Promise<OrgPageView> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // Ids are UUIDv7, so id order is creation order and a page position is just the last id.
    const qb = this.dataSource.manager
      .createQueryBuilder(Org, 'o')
      .orderBy('o.id', 'ASC')
      .take(limit + 1);
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.q) qb.andWhere(`o.name ILIKE :q ESCAPE '\\'`, { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const after = decodeCursor(query.cursor, CursorKeys.uuid);
    if (after) qb.andWhere('o.id > :after', { after });
    return toPage(
      await qb.getMany(),
      limit,
      (o) => [o.id],
      (o) => this.view(o),
    );
  }

  async get(actor: UserContext, orgId: string): Promise<OrgDetailView> {
    const org = await this.dataSource.manager.findOneBy(Org, { id: orgId });
    if (!org) throw new OrgError(OrgErrorCode.OrgNotFound, 'Organisation not found');
    const rows = (await this.dataSource.query(
      `SELECT m.user_id, u.display_name, u.email, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = $1
        ORDER BY m.created_at, u.display_name, m.role`,
      [orgId],
    )) as MemberRow[];
    const detail: OrgDetailView = { ...this.view(org), memberCount: new Set(rows.map((r) => r.user_id)).size };
    if (maySeeMembers(actor, orgId)) {
      const showEmail = mayManageOrg(actor, org);
      detail.members = rows.map((r) => ({
        userId: r.user_id,
        displayName: r.display_name,
        ...(showEmail ? { email: r.email } : {}),
        role: r.role,
        since: new Date(r.created_at).toISOString(),
      }));
    }
    return detail;
  }

  /**
   * Invites an existing account to a role. Nothing changes in the membership until the invitee
   * accepts (`InvitationsService.accept`). Managing roles are granted by admins and by the
   * supporting foundation only (domain/roles.ts, `mayGrantRole`).
   */
  async addMember(actor: UserContext, orgId: string, dto: AddMemberDto): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const org = await manager.findOneBy(Org, { id: orgId });
      if (!org) throw new OrgError(OrgErrorCode.OrgNotFound, 'Organisation not found');
      if (!mayManageOrg(actor, org)) {
        throw new OrgError(
          OrgErrorCode.Forbidden,
          `Only admins and this organisation's ${DEFAULT_ROLE_FOR_KIND[org.kind]}s add members`,
        );
      }
      if (!roleAllowedInKind(org.kind, dto.role)) {
        const allowed = ROLES_FOR_KIND[org.kind].join(', ');
        throw new OrgError(OrgErrorCode.RoleNotAllowedForKind, `A ${org.kind} organisation has the roles ${allowed}`, [
          { field: 'role', errors: [`role must be one of: ${allowed}`] },
        ]);
      }
      if (!mayGrantRole(actor, org, dto.role)) {
        throw new OrgError(OrgErrorCode.Forbidden, `Granting ${dto.role} is an admin decision (or the supporting foundation's)`);
      }
      const user = await this.users.findByEmail(dto.email, manager);
      if (!user) throw new OrgError(OrgErrorCode.UserNotFound, 'No account with this email');
      const held = (await manager.query(`SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2 AND role = $3`, [
        org.id,
        user.id,
        dto.role,
      ])) as unknown[];
      if (held.length > 0)
        throw new OrgError(OrgErrorCode.AlreadyMember, 'This user already holds this role in the organisation');
      return this.invitations.inviteWith(manager, { org, userId: user.id, role: dto.role, invitedBy: actor.id });
    });
  }

  /**
   * Removes a user's roles in an org (all of them, or `role` only) and emits one
   * `gateway.membership.changed.v1` (removed) per role. Withdrawing a managing role is the same
   * decision as granting it: admins, or the supporting foundation.
   */
  async removeMember(actor: UserContext, orgId: string, userId: string, role?: MembershipRole): Promise<MembershipRemovedView> {
    return this.dataSource.transaction(async (manager) => {
      const org = await manager.findOneBy(Org, { id: orgId });
      if (!org) throw new OrgError(OrgErrorCode.OrgNotFound, 'Organisation not found');
      if (!mayManageOrg(actor, org)) {
        throw new OrgError(
          OrgErrorCode.Forbidden,
          `Only admins and this organisation's ${DEFAULT_ROLE_FOR_KIND[org.kind]}s remove members`,
        );
      }
      const rows = (await manager.query(
        `SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2 AND ($3::text IS NULL OR role = $3) ORDER BY role FOR UPDATE`,
        [org.id, userId, role ?? null],
      )) as { role: MembershipRole }[];
      if (rows.length === 0)
        throw new OrgError(OrgErrorCode.MembershipNotFound, 'This user holds no such role in the organisation');
      const denied = rows.find((r) => !mayGrantRole(actor, org, r.role));
      if (denied) {
        throw new OrgError(
          OrgErrorCode.Forbidden,
          `Withdrawing ${denied.role} is an admin decision (or the supporting foundation's)`,
        );
      }
      const changedAt = new Date().toISOString();
      for (const { role: held } of rows) {
        await manager.query(`DELETE FROM memberships WHERE org_id = $1 AND user_id = $2 AND role = $3`, [org.id, userId, held]);
        await lastValueFrom(
          this.outbox.within(manager).emit(Topics.MembershipChangedV1, {
            key: org.id,
            value: { orgId: org.id, userId, role: held, change: 'removed', changedAt },
          }),
        );
      }
      return { orgId: org.id, userId, roles: rows.map((r) => r.role) };
    });
  }

  /** Adds one role of one user to an org with its event (the creator of an org, the demo seed, an accepted invitation). */
  addMemberWith(manager: EntityManager, org: Org, userId: string, role: MembershipRole): Promise<boolean> {
    return this.memberships.add(manager, org.id, userId, role);
  }

  findByName(name: string, manager: EntityManager = this.dataSource.manager): Promise<Org | null> {
    return manager.findOneBy(Org, { name });
  }

  private view(org: Org): OrgView {
    return {
      id: org.id,
      name: org.name,
      kind: org.kind,
      createdBy: org.createdBy,
      supportedBy: org.supportedBy,
      createdAt: org.createdAt.toISOString(),
    };
  }
}
