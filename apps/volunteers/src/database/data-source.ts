import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Activity } from '../activities/entities/activity.entity';
import { Attendance } from '../attendance/entities/attendance.entity';
import { CheckInAttempt } from '../attendance/entities/check-in-attempt.entity';
import { VolunteersConfig } from '../config/env';
import { Org } from '../identity/entities/org.entity';
import { User } from '../identity/entities/user.entity';
import { Signup } from '../signups/entities/signup.entity';
import { InitVolunteers1764374400000 } from './migrations/1764374400000-InitVolunteers';
import { CheckInAttempts1796342400000 } from './migrations/1796342400000-CheckInAttempts';
import { ProgrammeEarnRules1796428800000 } from './migrations/1796428800000-ProgrammeEarnRules';
import { ProgrammeEarnRule } from '../programmes/entities/programme-earn-rule.entity';
import { OutboxParking1796515200000 } from './migrations/1796515200000-OutboxParking';
import { UserDisabled1796601600000 } from './migrations/1796601600000-UserDisabled';
import { AttendanceRaiseApproval1796630000000 } from './migrations/1796630000000-AttendanceRaiseApproval';
import { VolunteerProfiles1796700000000 } from './migrations/1796700000000-VolunteerProfiles';
import { MatchInvitation } from '../profiles/entities/match-invitation.entity';
import { VolunteerProfile } from '../profiles/entities/volunteer-profile.entity';

export const VOLUNTEERS_ENTITIES = [
  Activity,
  Signup,
  Attendance,
  CheckInAttempt,
  ProgrammeEarnRule,
  User,
  Org,
  VolunteerProfile,
  MatchInvitation,
];

export function volunteersDataSourceOptions(config: VolunteersConfig): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, 'volunteers');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: VOLUNTEERS_ENTITIES,
      migrations: [
        InitVolunteers1764374400000,
        CheckInAttempts1796342400000,
        ProgrammeEarnRules1796428800000,
        OutboxParking1796515200000,
        UserDisabled1796601600000,
        AttendanceRaiseApproval1796630000000,
        VolunteerProfiles1796700000000,
      ],
      applicationName: 'goodloop-volunteers',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d apps/volunteers/src/database/data-source.ts`).
 * It only needs the database settings, so it reads the config without the internal token.
 */
export default new DataSource(volunteersDataSourceOptions(loadConfig(VolunteersConfig)));
