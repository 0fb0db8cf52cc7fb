import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldErrorView {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: String, isArray: true, example: ['email must be an email address'] })
  errors: string[];
}

/** The public error shape every failure has (docs/api.md). */
export class ErrorView {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiPropertyOptional({ description: 'Machine-readable code of a domain error', example: 'EMAIL_TAKEN' })
  code?: string;

  @ApiPropertyOptional({ type: () => FieldErrorView, isArray: true, description: 'The fields that failed validation' })
  details?: FieldErrorView[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Validation failed; `details` lists each failing field',
  401: 'Missing, expired or invalid credentials',
  403: 'Signed in, but not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Too many requests; see `Retry-After`',
  503: 'A service behind the gateway is unavailable (`code: SERVICE_UNAVAILABLE`)',
};

/** Documents the error answers of a route, all in the public error shape. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorView, description: DESCRIPTIONS[status] ?? 'Error' })),
  );
}
