const { ruleTester, repoFile } = require('./rule-tester');
const rule = require('./contracts-purity');

const contract = repoFile('libs/contracts/src/ledger/transfer-posted.v1.ts');

ruleTester().run('contracts-purity', rule, {
  valid: [
    {
      filename: contract,
      code: `import { IsString } from 'class-validator'; import { Type } from 'class-transformer'; import { Topics } from '../topics';`,
    },
    // Outside libs/contracts the rule says nothing.
    {
      filename: repoFile('apps/ledger/src/transfers/transfers.service.ts'),
      code: `import { Injectable } from '@nestjs/common';`,
    },
    // A package whose name only starts like a forbidden one.
    { filename: contract, code: `import x from 'pg-format-like';` },
  ],
  invalid: [
    {
      filename: contract,
      code: `import { Injectable } from '@nestjs/common';`,
      errors: [{ messageId: 'impure', data: { source: '@nestjs/common' } }],
    },
    { filename: contract, code: `import { ApiProperty } from '@nestjs/swagger';`, errors: [{ messageId: 'impure' }] },
    { filename: contract, code: `import { Column } from 'typeorm';`, errors: [{ messageId: 'impure' }] },
    { filename: contract, code: `import type { Pool } from 'pg';`, errors: [{ messageId: 'impure' }] },
    { filename: contract, code: `export { Kafka } from 'kafkajs';`, errors: [{ messageId: 'impure' }] },
    {
      filename: contract,
      code: `import Redis from 'ioredis'; import { Queue } from 'bullmq';`,
      errors: [{ messageId: 'impure' }, { messageId: 'impure' }],
    },
  ],
});
