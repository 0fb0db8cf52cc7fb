import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@goodloop/common';
import { DemoInfoView } from '@goodloop/contracts';
import { DemoSeeder } from './demo-seeder';

@ApiTags('public')
@Controller('public/demo')
export class DemoController {
  constructor(private readonly demo: DemoSeeder) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Whether the demo data is loaded, and then its accounts (anyone)',
    description: 'Empty (`{ "demo": false }`) unless DEMO_SEED loaded the demo accounts; never in production.',
  })
  @ApiOkResponse({ type: DemoInfoView })
  info(): Promise<DemoInfoView> {
    return this.demo.info();
  }
}
