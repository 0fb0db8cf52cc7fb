/**
 * The one form of an email address the platform stores, compares and limits by: Unicode NFKC
 * (so full-width `ｒｅｓｉｄｅｎｔ＠ｅｘａｍｐｌｅ．ｏｒｇ` and ligatures are the ASCII they look like),
 * trimmed, lower-cased. Two addresses that normalise alike are one account.
 *
 * `normalizeEmail(' Resident@Example.ORG ')` → `resident@example.org`;
 * `normalizeEmail('ｒｅｓｉｄｅｎｔ＠ｅｘａｍｐｌｅ．ｏｒｇ')` → `resident@example.org`.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
