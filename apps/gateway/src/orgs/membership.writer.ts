import { Injectable } from '@nestjs/common';
import { OutboxClient } from '@goodloop/common';
import { Topics, type MembershipRole } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import type { EntityManager } from 'typeorm';

/** Writes a membership and its `gateway.membership.changed.v1` (added) in the caller's transaction. */
@Injectable()
export class MembershipWriter {
  constructor(private readonly outbox: OutboxClient) {}

  /** Adds one role of one user to an org; returns false (and emits nothing) when the user already held it. */
  async add(manager: EntityManager, orgId: string, userId: string, role: MembershipRole): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (org_id, user_id, role) DO NOTHING RETURNING created_at`,
      [orgId, userId, role],
    )) as { created_at: Date }[];
    const row = inserted[0];
    if (!row) return false;
    await lastValueFrom(
      this.outbox.within(manager).emit(Topics.MembershipChangedV1, {
        key: orgId,
        value: { orgId, userId, role, change: 'added', changedAt: new Date(row.created_at).toISOString() },
      }),
    );
    return true;
  }
}
