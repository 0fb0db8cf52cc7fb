const { ruleTester, repoFile } = require('./rule-tester');
const rule = require('./route-access');

const filename = repoFile('apps/gateway/src/things/things.controller.ts');
const header = `import { Controller, Get, Post, Delete } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Public, SignedIn, Access, SkipInternalAuth } from '@goodloop/common';
import { Roles } from '../auth/auth.decorators';
`;

ruleTester().run('route-access', rule, {
  valid: [
    {
      filename,
      code: `${header}@Controller('things') export class C { @Get() @Public() list() {} @Post() @SignedIn() create() {} }`,
    },
    {
      filename,
      code: `${header}@SignedIn() @Controller('things') export class C { @Get() list() {} @Delete(':id') remove() {} }`,
    },
    {
      filename,
      code: `${header}@Controller() export class C { @Post() @Roles('admin') run() {} @Get() @Access(() => true, 'no') read() {} }`,
    },
    { filename, code: `${header}@Public() @SkipInternalAuth() @Controller('health') export class C { @Get() check() {} }` },
    // Kafka handlers and plain methods are not routes.
    { filename, code: `${header}@Controller() export class C { @EventPattern('x') onX() {} helper() {} }` },
    // A local decorator that happens to be called Get is not Nest's.
    { filename, code: `const Get = () => () => undefined; export class C { @Get() list() {} }` },
    // Renamed imports are followed.
    {
      filename,
      code: `import { Controller, Get as Read } from '@nestjs/common'; import { Public as Open } from '@goodloop/common';
@Controller() export class C { @Read() @Open() list() {} }`,
    },
  ],
  invalid: [
    {
      filename,
      code: `${header}@Controller('things') export class C { @Get() @Public() list() {} @Post() create() {} }`,
      errors: [{ messageId: 'unguarded', data: { className: 'C', method: 'create' } }],
    },
    {
      filename,
      code: `import { Controller, Get as Read } from '@nestjs/common'; @Controller() export class C { @Read() list() {} }`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      filename,
      code: `${header}@SkipInternalAuth() @Controller('health') export class C { @Get() @SignedIn() check() {} }`,
      errors: [{ messageId: 'skipWithoutPublic' }],
    },
  ],
});
