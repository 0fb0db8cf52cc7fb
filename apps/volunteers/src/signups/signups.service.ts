import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { UserContext } from '@goodloop/common';
import { DataSource, Not, Repository, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ActivityError } from '../activities/activities.errors';
import { ActivitiesService } from '../activities/activities.service';
import { canManageActivities } from '../activities/activity-access';
import { toActivityView } from '../activities/activity.view';
import { toAttendanceView } from '../attendance/attendance.view';
import { AttendanceRecords } from '../attendance/attendance-records.service';
import { hasEnded } from '../domain/schedule';
import { planCancellation, placeSignup, type CancellationPlan } from '../domain/waitlist';
import { IdentityService } from '../identity/identity.service';
import { isUniqueViolation } from '../shared/db-errors';
import { toPage } from '@goodloop/common';
import { DEFAULT_PAGE_SIZE, type MySignupView, type Page, type PageQuery } from '@goodloop/contracts';
import { cursorPosition } from '../shared/page';
import { Signup } from './entities/signup.entity';
import { toSignupView, type RosterEntryView, type SignupView } from './signup.view';
import { SignupError, SignupErrorCode } from './signups.errors';

/**
 * Sign-ups, cancellations and the waitlist. Every change of places happens inside one
 * transaction that first locks the activity row, then decides with the pure rules in
 * domain/waitlist.ts from the counts on that row, then writes signups and counts together.
 * Thirty people pressing "sign up" at once are thus placed one after another: 10 places give
 * exactly 10 confirmations and waitlist positions 1..20.
 */
@Injectable()
export class SignupsService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Signup) private readonly signups: Repository<Signup>,
    private readonly attendance: AttendanceRecords,
    private readonly activities: ActivitiesService,
    private readonly identity: IdentityService,
  ) {}

  async signUp(activityId: string, user: UserContext): Promise<SignupView> {
    const now = new Date();
    if (await this.identity.isDisabled(user.id)) {
      throw new SignupError(SignupErrorCode.AccountDisabled, 'This account has been disabled');
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const activity = await this.activities.lockForUpdate(manager, activityId);
        if (hasEnded(activity, now)) {
          throw new SignupError(SignupErrorCode.ActivityEnded, `Activity ${activityId} has ended`);
        }
        const existing = await manager.findOne(Signup, {
          where: { activityId, userId: user.id, status: Not('cancelled' as const) },
        });
        if (existing) {
          throw new SignupError(SignupErrorCode.AlreadySignedUp, `You are already signed up (${existing.status})`);
        }
        const { placement, next } = placeSignup(activity);
        const signup = manager.create(Signup, {
          id: uuidv7(),
          activityId,
          userId: user.id,
          status: placement.status,
          waitlistPosition: placement.status === 'waitlisted' ? placement.position : null,
          createdAt: now,
          confirmedAt: placement.status === 'confirmed' ? now : null,
          cancelledAt: null,
        });
        await manager.insert(Signup, signup);
        await this.activities.saveOccupancy(manager, activityId, next);
        return toSignupView(signup);
      });
    } catch (error) {
      // The activity lock makes this unreachable; the unique index is the last line of defence.
      if (isUniqueViolation(error, 'UQ_signups_active_user')) {
        throw new SignupError(SignupErrorCode.AlreadySignedUp, 'You are already signed up');
      }
      throw error;
    }
  }

  /** Cancels the caller's signup; a confirmed place that frees up goes to the head of the line. */
  async cancelMine(activityId: string, user: UserContext): Promise<SignupView> {
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.activities.lockForUpdate(manager, activityId);
      const signup = await manager
        .getRepository(Signup)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.activityId = :activityId AND s.userId = :userId AND s.status <> :cancelled', {
          activityId,
          userId: user.id,
          cancelled: 'cancelled',
        })
        .getOne();
      if (!signup) throw new SignupError(SignupErrorCode.SignupNotFound, `You hold no signup for activity ${activityId}`);
      if (hasEnded(activity, now)) {
        throw new SignupError(SignupErrorCode.ActivityEnded, `Activity ${activityId} has ended; its signups are history`);
      }
      // Read after the signup lock: a check-in holds that lock while it inserts, so it is seen here.
      if (await this.attendance.exists(manager, activityId, user.id)) {
        throw new SignupError(SignupErrorCode.AlreadyCheckedIn, 'You have checked in; a signup cannot be cancelled after that');
      }

      const plan = planCancellation(
        activity,
        signup.status === 'waitlisted' ? { status: 'waitlisted', position: signup.waitlistPosition! } : { status: 'confirmed' },
      );
      signup.status = 'cancelled';
      signup.waitlistPosition = null;
      signup.cancelledAt = now;
      await manager.update(Signup, { id: signup.id }, { status: 'cancelled', waitlistPosition: null, cancelledAt: now });
      await this.applyToWaitlist(manager, activityId, plan, now);
      await this.activities.saveOccupancy(manager, activityId, plan.next);
      return toSignupView(signup);
    });
  }

  /** The roster of an activity for its organizers: signups in sign-up order, names, attendance. */
  async roster(activityId: string, user: UserContext, page: PageQuery): Promise<Page<RosterEntryView>> {
    const activity = await this.activities.getOrFail(activityId);
    if (!canManageActivities(user, activity.orgId)) throw ActivityError.notOrganizer(activity.orgId);
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = cursorPosition(page.cursor);
    const qb = this.signups
      .createQueryBuilder('s')
      .where('s.activityId = :activityId AND s.status <> :cancelled', { activityId, cancelled: 'cancelled' });
    if (after) qb.andWhere('(s.createdAt, s.id) > (:afterAt, :afterId)', { afterAt: after.at, afterId: after.id });
    const rows = await qb
      .orderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const shown = rows.slice(0, limit);
    const userIds = shown.map((s) => s.userId);
    const [names, attendance] = await Promise.all([
      this.identity.displayNames(userIds),
      this.attendance.ofUsers(activityId, userIds),
    ]);
    const attendanceByUser = new Map(attendance.map((a) => [a.userId, toAttendanceView(a, names)]));
    return toPage(
      rows,
      limit,
      (s) => [s.createdAt.toISOString(), s.id],
      (s): RosterEntryView => {
        const att = attendanceByUser.get(s.userId) ?? null;
        return {
          ...toSignupView(s),
          userName: names.get(s.userId) ?? s.userId,
          attendanceStatus: att?.status ?? 'not_checked_in',
          attendance: att,
        };
      },
    );
  }

  /** The caller's signups that are not cancelled, latest activity first, with the activities. */
  async mine(user: UserContext, page: PageQuery): Promise<Page<MySignupView>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = cursorPosition(page.cursor);
    const qb = this.signups
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.activity', 'a')
      .where('s.userId = :userId AND s.status <> :cancelled', { userId: user.id, cancelled: 'cancelled' });
    if (after) qb.andWhere('(a.startsAt, s.id) < (:afterAt, :afterId)', { afterAt: after.at, afterId: after.id });
    const rows = await qb
      .orderBy('a.startsAt', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const shown = rows.slice(0, limit);
    const attendance = await this.attendance.ofActivities(
      user.id,
      shown.map((s) => s.activityId),
    );
    const names = new Map([[user.id, user.displayName]]);
    const attendanceByActivity = new Map(attendance.map((a) => [a.activityId, toAttendanceView(a, names)]));
    const now = new Date();
    return toPage(
      rows,
      limit,
      (s) => [s.activity!.startsAt.toISOString(), s.id],
      (s) => ({
        ...toSignupView(s),
        activity: toActivityView(s.activity!, now, { withCheckInCode: false }),
        attendance: attendanceByActivity.get(s.activityId) ?? null,
      }),
    );
  }

  /**
   * Applies a cancellation plan to the waiting signups, in the plan's order: close the gap the
   * leaver made, then confirm the head of the line and move everyone behind up. The waitlist
   * position constraint is checked at commit, so the shifts may pass through duplicates.
   */
  private async applyToWaitlist(manager: EntityManager, activityId: string, plan: CancellationPlan, now: Date): Promise<void> {
    const waiting = { activityId, waitlisted: 'waitlisted' };
    if (plan.vacatedPosition !== null) {
      await manager
        .createQueryBuilder()
        .update(Signup)
        .set({ waitlistPosition: () => 'waitlist_position - 1' })
        .where('activity_id = :activityId AND status = :waitlisted AND waitlist_position > :vacated', {
          ...waiting,
          vacated: plan.vacatedPosition,
        })
        .execute();
    }
    if (plan.promoted > 0) {
      await manager
        .createQueryBuilder()
        .update(Signup)
        .set({ status: 'confirmed', waitlistPosition: null, confirmedAt: now })
        .where('activity_id = :activityId AND status = :waitlisted AND waitlist_position <= :promoted', {
          ...waiting,
          promoted: plan.promoted,
        })
        .execute();
      const by = plan.promoted;
      if (!Number.isSafeInteger(by)) throw new RangeError(`promoted must be an integer, got ${by}`);
      await manager
        .createQueryBuilder()
        .update(Signup)
        .set({ waitlistPosition: () => `waitlist_position - ${by}` })
        .where('activity_id = :activityId AND status = :waitlisted', waiting)
        .execute();
    }
  }
}
