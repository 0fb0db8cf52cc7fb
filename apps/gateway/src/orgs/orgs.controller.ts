import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
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
  InvitationView,
  MembershipRemovedView,
  RemoveMemberQuery,
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
  @ApiOperation({
    summary:
      'Create an organisation (admin: any kind; foundation staff: a community or social_org their foundation supports); the creator becomes its first member with the kind’s managing role',
  })
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
  @ApiOperation({
    summary:
      'Invite an existing account to a role (admin, the org’s managing role, or its supporting foundation; managing roles: admin or supporting foundation only). The membership exists once the invitee accepts.',
  })
  @ApiCreatedResponse({ type: InvitationView })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429)
  addMember(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: AddMemberDto,
  ): Promise<InvitationView> {
    return this.orgs.addMember(user, id, dto);
  }

  @Delete(':id/members/:userId')
  @Idempotent()
  @SignedIn()
  @ApiOperation({ summary: 'Remove a member’s roles (all, or ?role=); emits gateway.membership.changed.v1 (removed) per role' })
  @ApiOkResponse({ type: MembershipRemovedView })
  @ApiQueryOf(RemoveMemberQuery)
  @ApiErrorResponses(400, 401, 403, 404, 429)
  removeMember(
    @AuthUser() user: UserContext,
    @Param('id', UuidParam()) id: string,
    @Param('userId', UuidParam()) userId: string,
    @Query() query: RemoveMemberQuery,
  ): Promise<MembershipRemovedView> {
    return this.orgs.removeMember(user, id, userId, query.role);
  }
}
