import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam, type UserContext } from '@goodloop/common';
import { InvitationListView, InvitationView } from '@goodloop/contracts';
import { AuthUser, SignedIn } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.interceptor';
import { ApiErrorResponses } from '../openapi/api-error';
import { InvitationsService } from './invitations.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get('me/invitations')
  @SignedIn()
  @ApiOperation({ summary: 'Invitations to a role waiting for my answer (pending, not expired), newest first' })
  @ApiOkResponse({ type: InvitationListView })
  @ApiErrorResponses(401)
  mine(@AuthUser() user: UserContext): Promise<InvitationListView> {
    return this.invitations.mine(user);
  }

  @Post('invitations/:id/accept')
  @Idempotent()
  @SignedIn()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Accept an invitation (invitee only): the membership is made and gateway.membership.changed.v1 emitted',
  })
  @ApiOkResponse({ type: InvitationView })
  @ApiErrorResponses(400, 401, 404, 409, 410, 429)
  accept(@AuthUser() user: UserContext, @Param('id', UuidParam()) id: string): Promise<InvitationView> {
    return this.invitations.accept(user, id);
  }

  @Post('invitations/:id/decline')
  @Idempotent()
  @SignedIn()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline an invitation (invitee only)' })
  @ApiOkResponse({ type: InvitationView })
  @ApiErrorResponses(400, 401, 404, 409, 410, 429)
  decline(@AuthUser() user: UserContext, @Param('id', UuidParam()) id: string): Promise<InvitationView> {
    return this.invitations.decline(user, id);
  }
}
