import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserContext } from '@goodloop/common';
import { AuthUser, Roles, SignedIn } from '../auth/auth.decorators';
import { UuidParam } from '@goodloop/common';
import { ApiErrorResponses } from '../openapi/api-error';
import { MeView, UserView } from '@goodloop/contracts';
import { UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in account with its roles and memberships' })
  @ApiOkResponse({ type: MeView })
  @ApiErrorResponses(401)
  me(@AuthUser() user: UserContext): Promise<MeView> {
    return this.users.me(user.id);
  }

  @Post('users/:id/verify-resident')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiTags('users')
  @ApiOperation({ summary: 'Mark a resident as verified (admin); emits gateway.resident.verified.v1 once' })
  @ApiOkResponse({ type: UserView })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  verifyResident(@AuthUser() admin: UserContext, @Param('id', UuidParam()) id: string): Promise<UserView> {
    return this.users.verifyResidentView(id, admin.id);
  }
}
