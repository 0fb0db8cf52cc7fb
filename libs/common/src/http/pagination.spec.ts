import { CommonError } from '../errors/domain-error';
import { CursorKeys, decodeCursor, encodeCursor, toPage } from './pagination';

const ID = '0190b5a4-7c2e-7d3a-9f00-1234567890ab';
const b64 = (text: string): string => Buffer.from(text).toString('base64url');

describe('keyset cursors', () => {
  it('round-trips each kind of key exactly', () => {
    const at = new Date('2026-12-01T02:00:00.123Z');
    const cursor = encodeCursor([at.toISOString(), ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, CursorKeys.timeAndId)).toEqual({ at, id: ID });
    expect(decodeCursor(encodeCursor([ID]), CursorKeys.uuid)).toBe(ID);
    expect(decodeCursor(encodeCursor(['9007199254740993']), CursorKeys.serial)).toBe('9007199254740993');
  });

  it('is undefined without a cursor', () => {
    expect(decodeCursor(undefined, CursorKeys.uuid)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'not a cursor!'],
    ['not JSON', b64('{oops')],
    ['an object', b64(`{"id":"${ID}"}`)],
    ['a bad date', b64(`["yesterday","${ID}"]`)],
    ['a non-canonical date', b64(`["2026-12-01T02:00:00Z","${ID}"]`)],
    ['an injected id', b64('["2026-12-01T02:00:00.123Z","1; drop table"]')],
    ['a missing part', b64('["2026-12-01T02:00:00.123Z"]')],
    ['a key of another list', encodeCursor([ID])],
  ])('refuses %s with a 400 naming the cursor field', (_, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor, CursorKeys.timeAndId);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CommonError);
    expect(thrown).toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
      details: [{ field: 'cursor', errors: ['cursor is not valid'] }],
    });
  });

  it('refuses a serial that is not a positive integer', () => {
    for (const bad of ['0', '-1', '1.5', '12345678901234567890', 7]) {
      expect(() => decodeCursor(encodeCursor([bad]), CursorKeys.serial)).toThrow(CommonError);
    }
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id-${n}`, n }));

  it('shows `limit` rows and points the cursor at the last one shown when there are more', () => {
    const page = toPage(
      rows,
      2,
      (row) => [row.id],
      (row) => row.n,
    );
    expect(page.items).toEqual([1, 2]);
    expect(JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString())).toEqual(['id-2']);
  });

  it('has no cursor on the last page', () => {
    expect(
      toPage(
        rows,
        3,
        (row) => [row.id],
        (row) => row.n,
      ),
    ).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
