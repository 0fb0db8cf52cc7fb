import { Injectable } from '@nestjs/common';
import { DEFAULT_RAISE_APPROVAL_MINUTES, MAX_POINTS_PER_HOUR } from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ProgrammeEarnRule } from './entities/programme-earn-rule.entity';

/** What volunteers knows of each programme's earn rule, from the ledger's events. */
@Injectable()
export class ProgrammesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The most points per hour an activity of `programmeId` may advertise: the bound of the newest
   * version the ledger announced (a later version that is not yet in force already binds new
   * activities, which mostly take place after it), or 1,000 when there is none or it sets none.
   * Example: v2 says 100, v3 (from next month) says null → 1,000; v3 says 50 → 50.
   */
  async maxPointsPerHour(programmeId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const newest = await manager.findOne(ProgrammeEarnRule, { where: { programmeId }, order: { version: 'DESC' } });
    return newest?.maxPointsPerHour ?? MAX_POINTS_PER_HOUR;
  }

  /**
   * How far above the recorded minutes one manager may raise an attendance of `programmeId`;
   * beyond it a second manager approves (two-person rule). The newest announced version's
   * value, as for `maxPointsPerHour`, or 60 when there is none or it sets none.
   */
  async raiseApprovalMinutes(programmeId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const newest = await manager.findOne(ProgrammeEarnRule, { where: { programmeId }, order: { version: 'DESC' } });
    return newest?.raiseApprovalMinutes ?? DEFAULT_RAISE_APPROVAL_MINUTES;
  }
}
