import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Validates a UUID path parameter and answers in the public shape, naming the parameter. */
export function UuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({ message: 'Validation failed', details: [{ field: name, errors: [`${name} must be a UUID`] }] }),
  });
}
