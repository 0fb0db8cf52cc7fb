import { BadRequestException, type PipeTransform } from '@nestjs/common';

/**
 * A transfer id as the ledger accepts it: a letter or digit, then letters, digits and `:_.-`,
 * at most 128 in all. The leading letter or digit keeps `.` and `..` out of the path the
 * gateway builds (`/internal/transfers/../x` would otherwise name another route).
 */
export const TRANSFER_ID_PARAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,127}$/;

/** Validates a transfer id path parameter and answers in the public shape, naming the parameter. */
export class TransferIdParam implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (typeof value === 'string' && TRANSFER_ID_PARAM_PATTERN.test(value)) return value;
    throw new BadRequestException({
      message: 'Validation failed',
      details: [{ field: this.name, errors: [`${this.name} must be a transfer id (letters, digits and :_-., at most 128)`] }],
    });
  }
}
