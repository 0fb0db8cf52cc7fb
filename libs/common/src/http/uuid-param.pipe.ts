import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/**
 * Validates a UUID path parameter and answers in the public error shape, naming the parameter:
 * `GET /activities/abc` → 400 `{ details: [{ field: "id", errors: ["id must be a UUID"] }] }`.
 */
export function UuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({ message: 'Validation failed', details: [{ field: name, errors: [`${name} must be a UUID`] }] }),
  });
}
