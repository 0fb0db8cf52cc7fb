import { CursorKeys, decodeCursor } from '@goodloop/common';

/** Volunteers' lists are ordered by (a timestamp, id): the position after which a page starts. */
export function cursorPosition(cursor: string | undefined): { at: Date; id: string } | undefined {
  return decodeCursor(cursor, CursorKeys.timeAndId);
}
