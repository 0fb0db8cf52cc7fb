import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OutboxClient, type UserContext } from '@goodloop/common';
import { Topics } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ActivityError } from '../activities/activities.errors';
import { ActivitiesService } from '../activities/activities.service';
import { canManageActivities } from '../activities/activity-access';
import {
  decideVerification,
  recordedMinutes,
  refuseAttendance,
  refuseRaiseDecision,
  type RecordedBy,
  type VerificationRefusal,
} from '../domain/attendance-rules';
import { scheduledMinutes } from '../domain/schedule';
import { checkInCodeMatches, MAX_WRONG_CHECK_IN_CODES } from '../domain/check-in-code';
import { IdentityService } from '../identity/identity.service';
import { ProgrammesService } from '../programmes/programmes.service';
import type { Activity } from '../activities/entities/activity.entity';
import { contractPayload } from '../shared/contract';
import { isUniqueViolation } from '../shared/db-errors';
import { toPage } from '@goodloop/common';
import { DEFAULT_PAGE_SIZE, type Page, type PageQuery } from '@goodloop/contracts';
import { cursorPosition } from '../shared/page';
import { SignupRecords } from '../signups/signup-records.service';
import { AttendanceError, AttendanceErrorCode } from './attendance.errors';
import { toAttendanceView, type AttendanceView } from './attendance.view';
import type { RecordAttendanceDto, RejectAttendanceRaiseDto, VerifyAttendanceDto } from '@goodloop/contracts';
import { Attendance } from './entities/attendance.entity';
import { CheckInAttempt } from './entities/check-in-attempt.entity';
import { ProfilesService } from '../profiles/profiles.service';

@Injectable()
export class AttendanceService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Attendance) private readonly attendance: Repository<Attendance>,
    private readonly activities: ActivitiesService,
    private readonly signups: SignupRecords,
    private readonly identity: IdentityService,
    private readonly programmes: ProgrammesService,
    private readonly outbox: OutboxClient,
    private readonly profiles: ProfilesService,
  ) {}

  /**
   * Checks someone in or out. The person's signup row is locked for the transaction: two
   * check-ins of one person run one after another (the second sees the first), and a
   * cancellation of that signup waits for the check-in (and then refuses).
   */
  async record(activityId: string, user: UserContext, dto: RecordAttendanceDto): Promise<AttendanceView> {
    const now = new Date();
    const activity = await this.activities.getOrFail(activityId);
    const userId = dto.userId ?? user.id;
    const recordedBy: RecordedBy = userId === user.id ? 'self' : 'organizer';
    if (recordedBy === 'organizer') {
      if (!canManageActivities(user, activity.orgId)) throw ActivityError.notOrganizer(activity.orgId);
    } else {
      if (dto.code === undefined) {
        throw AttendanceError.validation([{ field: 'code', errors: ['code is required to check yourself in or out'] }]);
      }
      await this.checkCode(activity.id, activity.checkInCode, userId, dto.code, now);
    }

    let saved: Attendance;
    try {
      saved = await this.dataSource.transaction(async (manager) => {
        const signup = await this.signups.lockActive(manager, activityId, userId);
        const existing = await manager.findOne(Attendance, { where: { activityId, userId } });
        const refusal = refuseAttendance({
          action: dto.action,
          recordedBy,
          signupStatus: signup?.status ?? null,
          attendance: existing,
          schedule: activity,
          now,
        });
        if (refusal) throw AttendanceError.refused(refusal);

        if (dto.action === 'check_in') {
          const row = manager.create(Attendance, {
            id: uuidv7(),
            activityId,
            signupId: signup!.id,
            userId,
            status: 'checked_in',
            checkInAt: now,
            checkedInBy: user.id,
            checkOutAt: null,
            checkedOutBy: null,
            recordedMinutes: null,
            verifiedMinutes: null,
            correctionReason: null,
            verifiedBy: null,
            verifiedAt: null,
            createdAt: now,
          });
          await manager.insert(Attendance, row);
          return row;
        }
        const row = existing!;
        const minutes = recordedMinutes(activity, row.checkInAt, now);
        const result = await manager.update(
          Attendance,
          { id: row.id, status: 'checked_in' },
          { status: 'checked_out', checkOutAt: now, checkedOutBy: user.id, recordedMinutes: minutes },
        );
        if (result.affected !== 1) throw AttendanceError.refused('ALREADY_CHECKED_OUT');
        return manager.findOneOrFail(Attendance, { where: { id: row.id } });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_attendance_activity_user')) throw AttendanceError.refused('ALREADY_CHECKED_IN');
      throw error;
    }
    return this.view(saved);
  }

  /**
   * Compares a resident's code, counting wrong ones in the database. The person's attempts row
   * is created if missing and locked, so concurrent tries of one person are compared one after
   * another and every wrong one is counted: of ten wrong codes sent at once, five are told
   * "wrong" and five "locked", whatever the number of service instances. The count is committed
   * before the refusal is thrown.
   */
  private async checkCode(activityId: string, expected: string, userId: string, given: string, now: Date): Promise<void> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(CheckInAttempt)
        .values({ activityId, userId, failures: 0, lastFailedAt: null })
        .orIgnore()
        .execute();
      const attempts = await manager.findOneOrFail(CheckInAttempt, {
        where: { activityId, userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (attempts.failures >= MAX_WRONG_CHECK_IN_CODES) return 'locked' as const;
      if (checkInCodeMatches(expected, given)) return 'ok' as const;
      await manager.update(CheckInAttempt, { activityId, userId }, { failures: () => 'failures + 1', lastFailedAt: now });
      return 'wrong' as const;
    });
    if (outcome === 'locked') {
      throw new AttendanceError(
        AttendanceErrorCode.CheckInLocked,
        `${MAX_WRONG_CHECK_IN_CODES} wrong check-in codes for this activity: ask the organizer to record your attendance`,
      );
    }
    if (outcome === 'wrong') {
      throw new AttendanceError(AttendanceErrorCode.WrongCheckInCode, 'That is not the check-in code of this activity');
    }
  }

  async listForActivity(activityId: string, user: UserContext, page: PageQuery): Promise<Page<AttendanceView>> {
    const activity = await this.activities.getOrFail(activityId);
    if (!canManageActivities(user, activity.orgId)) throw ActivityError.notOrganizer(activity.orgId);
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = cursorPosition(page.cursor);
    const qb = this.attendance.createQueryBuilder('t').where('t.activityId = :activityId', { activityId });
    if (after) qb.andWhere('(t.checkInAt, t.id) > (:afterAt, :afterId)', { afterAt: after.at, afterId: after.id });
    const rows = await qb
      .orderBy('t.checkInAt', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const names = await this.identity.displayNames(rows.map((r) => r.userId));
    return toPage(
      rows,
      limit,
      (t) => [t.checkInAt.toISOString(), t.id],
      (t) => toAttendanceView(t, names),
    );
  }

  /**
   * Verifies the hours of one attendance and emits `volunteers.hours.verified.v1`, exactly once:
   * the status moves checked_out → verified by a conditional UPDATE in the same transaction as
   * the outbox row. Of two concurrent verifications the second waits for the first's row lock,
   * then finds the status no longer `checked_out`, updates nothing, and is refused — so neither
   * a second event nor a second credit can happen.
   *
   * A raise beyond the programme's `raiseApprovalMinutes` is not verified but proposed: the
   * attendance moves checked_out → pending_approval (same conditional UPDATE), no event, and a
   * second manager approves or rejects it (`approveRaise`, `rejectRaise`).
   */
  async verify(attendanceId: string, user: UserContext, dto: VerifyAttendanceDto): Promise<AttendanceView> {
    const now = new Date();
    const verified = await this.dataSource.transaction(async (manager) => {
      const { attendance, activity } = await this.loadForManager(manager, attendanceId, user);
      const scheduled = scheduledMinutes(activity);
      const raiseApprovalMinutes = await this.programmes.raiseApprovalMinutes(activity.programmeId, manager);
      const outcome = decideVerification(attendance, dto, { userId: user.id, scheduledMinutes: scheduled, raiseApprovalMinutes });
      if (!outcome.ok) throw this.verificationRefused(outcome.refusal, attendance.recordedMinutes, scheduled);
      const { minutes, reason, needsApproval } = outcome.decision;

      const result = await manager
        .createQueryBuilder()
        .update(Attendance)
        .set(
          needsApproval
            ? { status: 'pending_approval', proposedMinutes: minutes, proposalReason: reason, proposedBy: user.id, proposedAt: now }
            : {
                status: 'verified',
                verifiedMinutes: minutes,
                correctionReason: reason,
                verifiedBy: user.id,
                verifiedAt: now,
                rejectionReason: null,
              },
        )
        .where('id = :attendanceId AND status = :checkedOut', { attendanceId, checkedOut: 'checked_out' })
        .execute();
      if (result.affected !== 1) {
        const current = await manager.findOneOrFail(Attendance, { where: { id: attendanceId } });
        throw this.verificationRefused(
          current.status === 'verified'
            ? 'ATTENDANCE_ALREADY_VERIFIED'
            : current.status === 'pending_approval'
              ? 'PENDING_APPROVAL'
              : 'NOT_CHECKED_OUT',
          null,
          null,
        );
      }
      if (!needsApproval) await this.emitHoursVerified(manager, attendance, activity, minutes, user.id, now);
      return manager.findOneOrFail(Attendance, { where: { id: attendanceId } });
    });
    return this.view(verified);
  }

  /**
   * A second manager approves a proposed raise: pending_approval → verified with the proposed
   * minutes and reason, and the hours-verified event, once. Neither the resident nor the
   * proposer may approve. Of two concurrent approvals (or an approval and a rejection) the second
   * waits for the first's row lock, finds the status changed, updates nothing and is refused.
   */
  async approveRaise(attendanceId: string, user: UserContext): Promise<AttendanceView> {
    const now = new Date();
    const approved = await this.dataSource.transaction(async (manager) => {
      const { attendance, activity } = await this.loadForManager(manager, attendanceId, user);
      this.assertMayDecide(attendance, user);
      const minutes = attendance.proposedMinutes!;
      const result = await manager
        .createQueryBuilder()
        .update(Attendance)
        .set({
          status: 'verified',
          verifiedMinutes: minutes,
          correctionReason: attendance.proposalReason,
          verifiedBy: user.id,
          verifiedAt: now,
          rejectionReason: null,
        })
        .where('id = :attendanceId AND status = :pending AND proposed_by = :proposedBy', {
          attendanceId,
          pending: 'pending_approval',
          proposedBy: attendance.proposedBy,
        })
        .execute();
      if (result.affected !== 1) throw this.notPending();
      await this.emitHoursVerified(manager, attendance, activity, minutes, user.id, now);
      return manager.findOneOrFail(Attendance, { where: { id: attendanceId } });
    });
    return this.view(approved);
  }

  /**
   * A second manager turns a proposed raise down, saying why: pending_approval → checked_out with
   * the recorded minutes untouched, so it can be verified again (or another raise proposed). The
   * reason stays on the attendance until it is verified.
   */
  async rejectRaise(attendanceId: string, user: UserContext, dto: RejectAttendanceRaiseDto): Promise<AttendanceView> {
    const rejected = await this.dataSource.transaction(async (manager) => {
      const { attendance } = await this.loadForManager(manager, attendanceId, user);
      this.assertMayDecide(attendance, user);
      const result = await manager
        .createQueryBuilder()
        .update(Attendance)
        .set({
          status: 'checked_out',
          proposedMinutes: null,
          proposalReason: null,
          proposedBy: null,
          proposedAt: null,
          rejectionReason: dto.reason.trim(),
        })
        .where('id = :attendanceId AND status = :pending', { attendanceId, pending: 'pending_approval' })
        .execute();
      if (result.affected !== 1) throw this.notPending();
      return manager.findOneOrFail(Attendance, { where: { id: attendanceId } });
    });
    return this.view(rejected);
  }

  /** The attendance and its activity, for a manager of the activity's organisation (else 403). */
  private async loadForManager(manager: EntityManager, attendanceId: string, user: UserContext) {
    const attendance = await manager.findOne(Attendance, { where: { id: attendanceId } });
    if (!attendance) throw new AttendanceError(AttendanceErrorCode.AttendanceNotFound, `Attendance ${attendanceId} not found`);
    const activity = await this.activities.getOrFail(attendance.activityId, manager);
    if (!canManageActivities(user, activity.orgId)) throw ActivityError.notOrganizer(activity.orgId);
    return { attendance, activity };
  }

  private assertMayDecide(attendance: Attendance, user: UserContext): void {
    switch (refuseRaiseDecision(attendance, user.id)) {
      case null:
        return;
      case 'SELF_VERIFICATION':
        throw this.verificationRefused('SELF_VERIFICATION', null, null);
      case 'OWN_PROPOSAL':
        throw new AttendanceError(
          AttendanceErrorCode.OwnProposal,
          'A raise is approved or rejected by another manager of the organisation, not by whoever proposed it',
        );
      case 'NOT_PENDING_APPROVAL':
        throw this.notPending();
    }
  }

  private notPending(): AttendanceError {
    return new AttendanceError(AttendanceErrorCode.NotPendingApproval, 'This attendance has no raise waiting for approval');
  }

  private async emitHoursVerified(
    manager: EntityManager,
    attendance: Attendance,
    activity: Activity,
    minutes: number,
    verifiedBy: string,
    now: Date,
  ): Promise<void> {
    await lastValueFrom(
      this.outbox.within(manager).emit(Topics.HoursVerifiedV1, {
        key: attendance.userId,
        value: contractPayload(Topics.HoursVerifiedV1, {
          attendanceId: attendance.id,
          activityId: activity.id,
          orgId: activity.orgId,
          userId: attendance.userId,
          category: activity.category,
          minutes,
          pointsPerHour: activity.pointsPerHour,
          programmeId: activity.programmeId,
          activityTitle: activity.title,
          verifiedBy,
          verifiedAt: now.toISOString(),
        }),
      }),
    );
    await this.profiles.recountHours(manager, attendance.userId);
  }

  private verificationRefused(refusal: VerificationRefusal, recorded: number | null, scheduled: number | null): AttendanceError {
    switch (refusal) {
      case 'SELF_VERIFICATION':
        return new AttendanceError(
          AttendanceErrorCode.SelfVerification,
          'Nobody verifies their own attendance: another manager of the organisation does',
        );
      case 'RAISE_ABOVE_SCHEDULE':
        return AttendanceError.validation([
          {
            field: 'minutes',
            errors: [
              `minutes may be raised above the recorded ${String(recorded)} only up to the scheduled ${String(scheduled)}`,
            ],
          },
        ]);
      case 'NOT_CHECKED_OUT':
        return new AttendanceError(AttendanceErrorCode.NotCheckedOut, 'Only checked-out attendance can be verified');
      case 'ATTENDANCE_ALREADY_VERIFIED':
        return new AttendanceError(AttendanceErrorCode.AlreadyVerified, 'This attendance is already verified');
      case 'PENDING_APPROVAL':
        return new AttendanceError(
          AttendanceErrorCode.PendingApproval,
          'A raise of this attendance waits for a second manager: approve or reject it first',
        );
      case 'REASON_REQUIRED':
        return AttendanceError.validation([
          { field: 'reason', errors: [`reason is required when minutes differ from the recorded ${String(recorded)}`] },
        ]);
    }
  }

  private async view(attendance: Attendance): Promise<AttendanceView> {
    return toAttendanceView(attendance, await this.identity.displayNames([attendance.userId]));
  }
}
