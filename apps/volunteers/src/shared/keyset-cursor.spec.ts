import { decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursor', () => {
  const position = { at: new Date('2026-12-01T02:00:00.123Z'), id: '0190b5a4-7c2e-7d3a-9f00-1234567890ab' };

  it('round-trips a position exactly', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it('refuses anything it did not make', () => {
    expect(decodeCursor('')).toBeNull();
    expect(decodeCursor('not a cursor!')).toBeNull();
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
    expect(
      decodeCursor(Buffer.from('{"at":"yesterday","id":"0190b5a4-7c2e-7d3a-9f00-1234567890ab"}').toString('base64url')),
    ).toBeNull();
    expect(decodeCursor(Buffer.from('{"at":"2026-12-01T02:00:00.123Z","id":"1; drop table"}').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('{"at":"2026-12-01T02:00:00.123Z"}').toString('base64url'))).toBeNull();
  });
});
