import { Injectable } from '@nestjs/common';
import type { UserContext } from '@goodloop/common';
import type { InvitationListView, InvitationState, InvitationView, MembershipRole, OrgKind } from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { InvitationStatus } from './entities/invitation.entity';
import { mayGrantRole } from '../domain/roles';
import { UsersService } from '../users/users.service';
import { Org } from './entities/org.entity';
import { OrgError, OrgErrorCode } from './orgs.errors';
import { MembershipWriter } from './membership.writer';

/** How long an invitation waits for its answer. */
export const INVITATION_TTL_DAYS = 14;

interface InvitationRow {
  id: string;
  org_id: string;
  org_name: string;
  org_kind: OrgKind;
  user_id: string;
  role: MembershipRole;
  invited_by: string;
  invited_by_name: string;
  status: InvitationStatus;
  created_at: Date;
  expires_at: Date;
}

const SELECT_VIEW = `
  SELECT i.id, i.org_id, o.name AS org_name, o.kind AS org_kind, i.user_id, i.role, i.invited_by,
         u.display_name AS invited_by_name, i.status, i.created_at, i.expires_at
    FROM invitations i JOIN orgs o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by`;

/**
 * Invitations to a role. A membership is made only by the invitee accepting: an organisation's
 * manager can offer a role, never impose one. An invitation is pending until it is accepted,
 * declined or 14 days old (expired, read off the clock); inviting again while one is pending
 * (expired or not) renews that invitation — same id, new inviter, 14 fresh days — so a person
 * never sees two offers of the same role.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly memberships: MembershipWriter,
    private readonly users: UsersService,
  ) {}

  async inviteWith(
    manager: EntityManager,
    input: { org: Org; userId: string; role: MembershipRole; invitedBy: string },
  ): Promise<InvitationView> {
    // One statement, so two managers inviting at once still leave one pending invitation.
    const [row] = (await manager.query(
      `INSERT INTO invitations (id, org_id, user_id, role, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6))
       ON CONFLICT (org_id, user_id, role) WHERE status = 'pending'
       DO UPDATE SET invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at, created_at = now()
       RETURNING id`,
      [uuidv7(), input.org.id, input.userId, input.role, input.invitedBy, INVITATION_TTL_DAYS],
    )) as { id: string }[];
    return this.viewById(manager, row!.id);
  }

  /** The caller's pending, unexpired invitations, newest first. */
  async mine(actor: UserContext): Promise<InvitationListView> {
    const rows = (await this.dataSource.query(
      `${SELECT_VIEW} WHERE i.user_id = $1 AND i.status = 'pending' AND i.expires_at > now() ORDER BY i.created_at DESC, i.id`,
      [actor.id],
    )) as InvitationRow[];
    return { items: rows.map((r) => this.view(r)) };
  }

  /** Makes the membership the invitation offers (and its event); only the invitee may. */
  accept(actor: UserContext, id: string): Promise<InvitationView> {
    return this.respond(actor, id, 'accepted');
  }

  decline(actor: UserContext, id: string): Promise<InvitationView> {
    return this.respond(actor, id, 'declined');
  }

  private respond(actor: UserContext, id: string, answer: 'accepted' | 'declined'): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT org_id, user_id, role, invited_by, status, expires_at <= now() AS expired FROM invitations WHERE id = $1 FOR UPDATE`,
        [id],
      )) as {
        org_id: string;
        user_id: string;
        role: MembershipRole;
        invited_by: string;
        status: InvitationStatus;
        expired: boolean;
      }[];
      // Someone else's invitation is answered as if it did not exist: its id reveals nothing.
      if (row?.user_id !== actor.id) throw new OrgError(OrgErrorCode.InvitationNotFound, 'Invitation not found');
      if (row.status !== 'pending')
        throw new OrgError(OrgErrorCode.InvitationClosed, `This invitation was already ${row.status}`);
      if (row.expired) throw new OrgError(OrgErrorCode.InvitationExpired, 'This invitation has expired; ask for a new one');
      if (answer === 'accepted') {
        await this.assertStillGranted(manager, row.org_id, row.invited_by, row.role);
        await this.memberships.add(manager, row.org_id, row.user_id, row.role);
      }
      await manager.query(`UPDATE invitations SET status = $2, responded_at = now() WHERE id = $1`, [id, answer]);
      return this.viewById(manager, id);
    });
  }

  /**
   * An invitation carries its inviter's authority only while the inviter still has it: an
   * organizer removed (or an account disabled) after inviting cannot still hand out roles.
   */
  private async assertStillGranted(
    manager: EntityManager,
    orgId: string,
    invitedBy: string,
    role: MembershipRole,
  ): Promise<void> {
    const [org, inviter] = await Promise.all([manager.findOneBy(Org, { id: orgId }), this.users.findById(invitedBy, manager)]);
    const memberships = inviter ? await this.users.memberships(inviter.id, manager) : [];
    if (!org || !inviter || inviter.disabledAt || !mayGrantRole(this.users.contextOf(inviter, memberships), org, role)) {
      throw new OrgError(OrgErrorCode.InvitationWithdrawn, 'The person who invited you can no longer grant this role');
    }
  }

  private async viewById(manager: EntityManager, id: string): Promise<InvitationView> {
    const [row] = (await manager.query(`${SELECT_VIEW} WHERE i.id = $1`, [id])) as InvitationRow[];
    if (!row) throw new OrgError(OrgErrorCode.InvitationNotFound, 'Invitation not found');
    return this.view(row);
  }

  private view(r: InvitationRow): InvitationView {
    const expiresAt = new Date(r.expires_at);
    const status: InvitationState = r.status === 'pending' && expiresAt.getTime() <= Date.now() ? 'expired' : r.status;
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      orgKind: r.org_kind,
      userId: r.user_id,
      role: r.role,
      invitedBy: r.invited_by,
      invitedByName: r.invited_by_name,
      status,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
  }
}
