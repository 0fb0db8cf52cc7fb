import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it.each([
    [' Resident@Example.ORG ', 'resident@example.org'],
    ['ｒｅｓｉｄｅｎｔ＠ｅｘａｍｐｌｅ．ｏｒｇ', 'resident@example.org'],
    ['RESIDENT@DEMO.GOODLOOP.LOCAL', 'resident@demo.goodloop.local'],
    ['\ufb01le@example.org', 'file@example.org'],
  ])('%j → %j', (given, stored) => {
    expect(normalizeEmail(given)).toBe(stored);
  });

  it('keeps different addresses different', () => {
    expect(normalizeEmail('a.b@example.org')).not.toBe(normalizeEmail('ab@example.org'));
  });
});
