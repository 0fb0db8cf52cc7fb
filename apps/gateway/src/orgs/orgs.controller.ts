import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserContext } from '@goodloop/common';
import { AuthUser, Roles, SignedIn } from '../auth/auth.decorators';
import { UuidParam } from '@goodloop/common';
import { Idempotent } from '../idempotency/idempotent.interceptor';
import { ApiErrorResponses } from '../openapi/api-error';
import { ApiQueryOf } from '../openapi/api-shapes';
import {
  AddMemberDto,
  CreateOrgDto,
  ListOrgsQuery,
  MembershipAddedView,
  OrgDetailView,
  OrgPageView,
  OrgView,
} from '@goodloop/contracts';
import { OrgsService } from './orgs.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  @Idempotent()
  @Roles('admin', 'foundation_staff')
  @ApiOperation({ summary: 'Create an organisation; the creator becomes its first member with the kind’s managing role' })
  @ApiCreatedResponse({ type: OrgView })
  @ApiErrorResponses(400, 401, 403, 429)
  create(@AuthUser() user: UserContext, @Body() dto: CreateOrgDto): Promise<OrgView> {
    return this.orgs.create(user, dto);
  }

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'Organisations, oldest first' })
  @ApiOkResponse({ type: OrgPageView })
  @ApiQueryOf(ListOrgsQuery)
  @ApiErrorResponses(400, 401)
  list(@Query() query: ListOrgsQuery): Promise<OrgPageView> {
    return this.orgs.list(query);
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'One organisation; members and admins also see its members' })
  @ApiOkResponse({ type: OrgDetailView })
  @ApiErrorResponses(400, 401, 404)
  get(@AuthUser() user: UserContext, @Param('id', UuidParam()) id: string): Promise<OrgDetailView> {
    return this.orgs.get(user, id);
  }

  @Post(':id/members')
  @Idempotent()
  @SignedIn()
  @ApiOperation({ summary: 'Give an existing account a role in the organisation (admin, or the org’s managing role)' })
  @ApiCreatedResponse({ type: MembershipAddedView })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429)
  addMember(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: AddMemberDto,
  ): Promise<MembershipAddedView> {
    return this.orgs.addMember(user, id, dto);
  }
}
