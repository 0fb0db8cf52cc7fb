import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OutboxClient, type UserContext } from '@goodloop/common';
import { DEFAULT_PROGRAMME_ID, Topics } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AttendanceRecords } from '../attendance/attendance-records.service';
import { toAttendanceView } from '../attendance/attendance.view';
import { generateCheckInCode } from '../domain/check-in-code';
import { scheduleProblems } from '../domain/schedule';
import type { Occupancy } from '../domain/waitlist';
import { IdentityService } from '../identity/identity.service';
import { ProgrammesService } from '../programmes/programmes.service';
import { contractPayload } from '../shared/contract';
import { toPage } from '@goodloop/common';
import {
  DEFAULT_PAGE_SIZE,
  type ActivityDetailView,
  type CreateActivityDto,
  type ListActivitiesQuery,
  type Page,
} from '@goodloop/contracts';
import { cursorPosition } from '../shared/page';
import { SignupRecords } from '../signups/signup-records.service';
import { toSignupView } from '../signups/signup.view';
import { ActivityError, ActivityErrorCode } from './activities.errors';
import { canManageActivities } from './activity-access';
import { toActivityView, type ActivityView } from './activity.view';
import { Activity } from './entities/activity.entity';

@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Activity) private readonly activities: Repository<Activity>,
    private readonly signups: SignupRecords,
    private readonly attendance: AttendanceRecords,
    private readonly outbox: OutboxClient,
    private readonly identity: IdentityService,
    private readonly programmes: ProgrammesService,
  ) {}

  /** Publishes an activity and, in the same transaction, its `volunteers.activity.published.v1`. */
  async create(user: UserContext, dto: CreateActivityDto): Promise<ActivityView> {
    if (!canManageActivities(user, dto.orgId)) throw ActivityError.notOrganizer(dto.orgId);
    const now = new Date();
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const problems = scheduleProblems({ startsAt, endsAt }, now);
    const maxPointsPerHour = await this.programmes.maxPointsPerHour(DEFAULT_PROGRAMME_ID);
    if (dto.pointsPerHour > maxPointsPerHour) {
      problems.push({
        field: 'pointsPerHour',
        errors: [`pointsPerHour must not exceed ${maxPointsPerHour}, the most the ${DEFAULT_PROGRAMME_ID} earn rule allows`],
      });
    }
    if (problems.length > 0) throw ActivityError.validation(problems);
    const orgName = await this.orgNameFor(dto.orgId);

    const activity = this.activities.create({
      id: uuidv7(),
      orgId: dto.orgId,
      orgName,
      title: dto.title,
      description: dto.description ?? '',
      category: dto.category,
      placeName: dto.place.name,
      placeAddress: dto.place.address ? dto.place.address : null,
      placeLat: dto.place.lat ?? null,
      placeLng: dto.place.lng ?? null,
      startsAt,
      endsAt,
      capacity: dto.capacity,
      pointsPerHour: dto.pointsPerHour,
      programmeId: DEFAULT_PROGRAMME_ID,
      checkInCode: generateCheckInCode(),
      confirmedCount: 0,
      waitlistCount: 0,
      createdBy: user.id,
      createdAt: now,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(Activity, activity);
      await lastValueFrom(
        this.outbox.within(manager).emit(Topics.ActivityPublishedV1, {
          key: activity.id,
          value: contractPayload(Topics.ActivityPublishedV1, {
            activityId: activity.id,
            orgId: activity.orgId,
            title: activity.title,
            category: activity.category,
            startsAt: activity.startsAt.toISOString(),
            endsAt: activity.endsAt.toISOString(),
            capacity: activity.capacity,
            pointsPerHour: activity.pointsPerHour,
            programmeId: activity.programmeId,
          }),
        }),
      );
    });
    return toActivityView(activity, now, { withCheckInCode: true });
  }

  /** A page of activities, soonest first, keyed on (starts_at, id). */
  async list(query: ListActivitiesQuery): Promise<Page<ActivityView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = cursorPosition(query.cursor);
    if (query.from && query.to && new Date(query.to) <= new Date(query.from)) {
      throw ActivityError.validation([{ field: 'to', errors: ['to must be after from'] }]);
    }
    const qb = this.activities.createQueryBuilder('a');
    if (query.category) qb.andWhere('a.category = :category', { category: query.category });
    if (query.orgId) qb.andWhere('a.orgId = :orgId', { orgId: query.orgId });
    if (query.from) qb.andWhere('a.endsAt > :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('a.startsAt < :to', { to: new Date(query.to) });
    if (query.q) qb.andWhere(`a.title ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(query.q)}%` });
    if (after) qb.andWhere('(a.startsAt, a.id) > (:afterAt, :afterId)', { afterAt: after.at, afterId: after.id });
    const rows = await qb
      .orderBy('a.startsAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const now = new Date();
    return toPage(
      rows,
      limit,
      (a) => [a.startsAt.toISOString(), a.id],
      (a) => toActivityView(a, now, { withCheckInCode: false }),
    );
  }

  /** One activity; the code for its managers, `mySignup` for anyone signed in. */
  async detail(activityId: string, user: UserContext | undefined): Promise<ActivityDetailView> {
    const activity = await this.getOrFail(activityId);
    const view: ActivityDetailView = toActivityView(activity, new Date(), {
      withCheckInCode: canManageActivities(user, activity.orgId),
    });
    if (user) {
      const signup = await this.signups.findActive(activityId, user.id);
      const attendance = signup ? await this.attendance.find(activityId, user.id) : null;
      const names = new Map([[user.id, user.displayName]]);
      view.mySignup = signup
        ? { ...toSignupView(signup), attendance: attendance ? toAttendanceView(attendance, names) : null }
        : null;
    }
    return view;
  }

  async getOrFail(activityId: string, manager?: EntityManager): Promise<Activity> {
    const repository = manager ? manager.getRepository(Activity) : this.activities;
    const activity = await repository.findOne({ where: { id: activityId } });
    if (!activity) throw ActivityError.notFound(activityId);
    return activity;
  }

  /**
   * Reads the activity and locks its row until the transaction ends. Everything that changes
   * places or the waitlist goes through this lock, so concurrent sign-ups and cancellations of
   * one activity run one after another.
   *
   * FOR NO KEY UPDATE rather than FOR UPDATE: it still excludes other writers of the row, but
   * not the FOR KEY SHARE locks that inserts of signups and attendance take through their
   * foreign keys — a check-in (which holds a signup lock and inserts an attendance row) and a
   * cancellation (which holds this lock and then locks a signup) could otherwise deadlock.
   */
  async lockForUpdate(manager: EntityManager, activityId: string): Promise<Activity> {
    const activity = await manager
      .getRepository(Activity)
      .createQueryBuilder('a')
      .setLock('for_no_key_update')
      .where('a.id = :activityId', { activityId })
      .getOne();
    if (!activity) throw ActivityError.notFound(activityId);
    return activity;
  }

  /** Writes the place counts that the waitlist rules decided, inside the caller's (locking) transaction. */
  async saveOccupancy(manager: EntityManager, activityId: string, occupancy: Occupancy): Promise<void> {
    await manager.update(
      Activity,
      { id: activityId },
      { confirmedCount: occupancy.confirmedCount, waitlistCount: occupancy.waitlistCount },
    );
  }

  /**
   * The organisation's name from the orgs read model (`gateway.org.created.v1`). The gateway's
   * user context carries ids, kinds and roles but no names (a user of many organisations with
   * long names would not fit in a request header), so every publisher's org is looked up here.
   */
  private async orgNameFor(orgId: string): Promise<string> {
    const fromReadModel = await this.identity.orgName(orgId);
    if (fromReadModel) return fromReadModel;
    throw new ActivityError(ActivityErrorCode.OrgNotFound, `Organisation ${orgId} is not known to the volunteers service yet`);
  }
}

/** Escapes LIKE wildcards so a search for "100%" finds "100%" and not everything. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
