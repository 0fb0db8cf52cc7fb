import { decodeCursor, encodeCursor } from './wallets.service';
import { WalletError } from './wallets.errors';

describe('statement cursors', () => {
  it('round-trip the last entry id', () => {
    expect(decodeCursor(encodeCursor('12345'))).toBe('12345');
  });

  it.each([
    '',
    'abc',
    Buffer.from('e:0').toString('base64url'),
    Buffer.from('e:12a').toString('base64url'),
    Buffer.from('e:99999999999999999999').toString('base64url'),
  ])('refuses %j', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(WalletError);
  });
});
