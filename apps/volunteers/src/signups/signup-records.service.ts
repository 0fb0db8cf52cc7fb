import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Repository, type EntityManager } from 'typeorm';
import { Signup } from './entities/signup.entity';

/**
 * What other features may ask of the signups table, and nothing else: a person's current
 * (not cancelled) signup, read or locked. It depends on no other feature, so activities and
 * attendance can use it while signups uses them.
 */
@Injectable()
export class SignupRecords {
  constructor(@InjectRepository(Signup) private readonly signups: Repository<Signup>) {}

  /** The person's signup for the activity that is not cancelled, or null. */
  findActive(activityId: string, userId: string): Promise<Signup | null> {
    return this.signups.findOne({ where: { activityId, userId, status: Not('cancelled' as const) } });
  }

  /**
   * The same signup, locked (FOR UPDATE) until `manager`'s transaction ends: a check-in holds
   * this lock while it inserts its attendance row, so a cancellation of the signup waits for it.
   */
  lockActive(manager: EntityManager, activityId: string, userId: string): Promise<Signup | null> {
    return manager
      .getRepository(Signup)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.activityId = :activityId AND s.userId = :userId AND s.status <> :cancelled', {
        activityId,
        userId,
        cancelled: 'cancelled',
      })
      .getOne();
  }
}
