import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** Trims a string field before validation, so "  " fails a length-1 rule. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A date and a time with its offset, e.g. `2026-12-01T02:00:00.000Z` or `2026-12-01T10:00+08:00`. */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant. A bare date or a time without offset would depend on the server's zone. */
export const IsInstant = (): PropertyDecorator =>
  applyDecorators(
    IsISO8601({ strict: true }),
    Matches(DATE_TIME_WITH_OFFSET, {
      message: ({ property }) => `${property} must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T02:00:00.000Z`,
    }),
  );
