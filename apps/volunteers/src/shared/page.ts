import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommonError, CommonErrorCode } from '@goodloop/common';
import { decodeCursor, encodeCursor, type KeysetPosition } from './keyset-cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `limit` (1–100, default 20) and `cursor` (opaque), as every list endpoint takes them. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The position after which the page starts; a cursor this service did not make is a 400 on `cursor`. */
export function cursorPosition(cursor: string | undefined): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  if (!position) {
    throw new CommonError(CommonErrorCode.Validation, 'Validation failed', [
      { field: 'cursor', errors: ['cursor is not valid'] },
    ]);
  }
  return position;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says that there is more, and
 * the cursor points at the last row shown.
 */
export function toPage<R, T>(rows: R[], limit: number, positionOf: (row: R) => KeysetPosition, view: (row: R) => T): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}
