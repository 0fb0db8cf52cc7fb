import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { UserContext } from '@goodloop/common';
import { ApiErrorResponses } from '../openapi/api-error';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AuthUser, Public, SignedIn, type AuthenticatedRequest } from './auth.decorators';
import { AuthService, type AuthResult } from './auth.service';
import { AuthResultView, LoginDto, RefreshDto, RegisterDto } from '@goodloop/contracts';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @RateLimit('register')
  @ApiOperation({ summary: 'Create an account (a resident) and sign in' })
  @ApiCreatedResponse({ type: AuthResultView })
  @ApiErrorResponses(400, 409, 429)
  register(@Body() dto: RegisterDto): Promise<AuthResult> {
    return this.auth.register(dto);
  }

  @Post('login')
  @Public()
  @RateLimit('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: AuthResultView })
  @ApiErrorResponses(400, 401, 429)
  login(@Body() dto: LoginDto): Promise<AuthResult> {
    return this.auth.login(dto.email, dto.password);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Trade a refresh token for a new pair',
    description: 'The presented token is spent. Presenting a spent token again revokes every token of that sign-in (401).',
  })
  @ApiOkResponse({ type: AuthResultView })
  @ApiErrorResponses(400, 401, 429)
  refresh(@Body() dto: RefreshDto): Promise<AuthResult> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this sign-in: its refresh tokens and access tokens stop working' })
  @ApiBody({ type: RefreshDto })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 401, 429)
  async logout(@AuthUser() user: UserContext, @Body() dto: RefreshDto, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.auth.logout(user.id, dto.refreshToken, request.sessionId);
  }
}
