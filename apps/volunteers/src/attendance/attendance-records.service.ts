import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { Attendance } from './entities/attendance.entity';

/**
 * What other features may ask of the attendance table: reads only, by person and activity. It
 * depends on no other feature, so activities and signups can show attendance while attendance
 * uses them to check people in.
 */
@Injectable()
export class AttendanceRecords {
  constructor(@InjectRepository(Attendance) private readonly attendance: Repository<Attendance>) {}

  /** One person's attendance at one activity, or null. */
  find(activityId: string, userId: string): Promise<Attendance | null> {
    return this.attendance.findOne({ where: { activityId, userId } });
  }

  /** Whether the person has checked in, read inside `manager`'s transaction (after its locks). */
  exists(manager: EntityManager, activityId: string, userId: string): Promise<boolean> {
    return manager.exists(Attendance, { where: { activityId, userId } });
  }

  /** The attendance of these people at one activity. */
  async ofUsers(activityId: string, userIds: string[]): Promise<Attendance[]> {
    return userIds.length ? this.attendance.find({ where: { activityId, userId: In(userIds) } }) : [];
  }

  /** One person's attendance at these activities. */
  async ofActivities(userId: string, activityIds: string[]): Promise<Attendance[]> {
    return activityIds.length ? this.attendance.find({ where: { userId, activityId: In(activityIds) } }) : [];
  }
}
