const { ruleTester, repoFile } = require('./rule-tester');
const rule = require('./no-cross-feature-entities');

const service = repoFile('apps/volunteers/src/signups/signups.service.ts');

ruleTester().run('no-cross-feature-entities', rule, {
  valid: [
    // Its own entities, and another feature's service.
    {
      filename: service,
      code: `import { Signup } from './entities/signup.entity'; import { ActivitiesService } from '../activities/activities.service';`,
    },
    // A type names a service's answer; it gives no access to the table.
    { filename: service, code: `import type { Activity } from '../activities/entities/activity.entity';` },
    { filename: service, code: `import { type Activity } from '../activities/entities/activity.entity';` },
    // A relation between entities mirrors a foreign key.
    {
      filename: repoFile('apps/volunteers/src/signups/entities/signup.entity.ts'),
      code: `import { Activity } from '../../activities/entities/activity.entity';`,
    },
    // The data source lists every entity.
    {
      filename: repoFile('apps/volunteers/src/database/data-source.ts'),
      code: `import { Signup } from '../signups/entities/signup.entity';`,
    },
    // Another app's layout is not this rule's business (no-cross-app-imports is).
    {
      filename: repoFile('libs/common/src/x.ts'),
      code: `import { Signup } from '../../apps/volunteers/src/signups/entities/signup.entity';`,
    },
  ],
  invalid: [
    {
      filename: service,
      code: `import { Attendance } from '../attendance/entities/attendance.entity';`,
      errors: [
        {
          messageId: 'crossFeature',
          data: { feature: 'signups', other: 'attendance', source: '../attendance/entities/attendance.entity' },
        },
      ],
    },
    {
      filename: repoFile('apps/volunteers/src/activities/activities.module.ts'),
      code: `import { Signup } from '../signups/entities/signup.entity'; import { Attendance, type X } from '../attendance/entities/attendance.entity';`,
      errors: [{ messageId: 'crossFeature' }, { messageId: 'crossFeature' }],
    },
    {
      filename: repoFile('apps/volunteers/src/activities/dto/activity.dto.ts'),
      code: `export { Signup } from '../../signups/entities/signup.entity';`,
      errors: [{ messageId: 'crossFeature' }],
    },
    {
      // `shared` names folders that may; `database` is no longer one when the option replaces it.
      filename: repoFile('apps/volunteers/src/database/data-source.ts'),
      code: `import { Signup } from '../signups/entities/signup.entity';`,
      options: [{ shared: ['seed'] }],
      errors: [{ messageId: 'crossFeature' }],
    },
  ],
});
