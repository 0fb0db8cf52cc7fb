import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_MESSAGES, MESSAGE_LANGUAGES, preferredMessageLanguage } from '@goodloop/contracts';

const ROOT = join(__dirname, '..', '..');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(entry.name)) yield full;
  }
}

/**
 * Every error code a service can answer with, read from the code as it is written: the members of
 * each `enum …ErrorCode` (and the ledger's `LedgerRule`), every `code: 'X'` an answer is built
 * with, and every DomainError subclass's `super('X', …)`.
 */
function declaredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const dirs = ['apps/gateway/src', 'apps/volunteers/src', 'apps/ledger/src', 'libs/common/src'];
  for (const service of readdirSync(join(ROOT, 'apps'))) {
    const dir = `apps/${service}/src`;
    if (service !== 'web' && !dirs.includes(dir)) dirs.push(dir);
  }
  for (const dir of dirs) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      for (const [, body] of text.matchAll(/export enum \w*(?:ErrorCode|LedgerRule)\s*{([^}]*)}/g)) {
        for (const [, code] of body!.matchAll(/=\s*'([A-Z][A-Z0-9_]+)'/g)) codes.set(code!, where);
      }
      for (const [, code] of text.matchAll(/\bcode:\s*'([A-Z][A-Z0-9_]+)'/g)) codes.set(code!, where);
      // A DomainError subclass of its own: `super('LEDGER_BUSY', message)`.
      for (const [, code] of text.matchAll(/\bsuper\(\s*'([A-Z][A-Z0-9_]+)'/g)) codes.set(code!, where);
    }
  }
  return codes;
}

describe('error messages', () => {
  const declared = declaredCodes();

  it('finds the codes the services declare', () => {
    // A guard on the reader itself: these are declared in three services and libs/common.
    for (const code of ['WRONG_CHECK_IN_CODE', 'EMAIL_TAKEN', 'INSUFFICIENT_FUNDS', 'VALIDATION_FAILED', 'SIGN_IN_UNAVAILABLE']) {
      expect(declared.has(code)).toBe(true);
    }
  });

  it('has every declared code in every language', () => {
    const missing = [...declared].filter(([code]) => !(code in ERROR_MESSAGES)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const [code, texts] of Object.entries(ERROR_MESSAGES)) {
      for (const language of MESSAGE_LANGUAGES) {
        expect({ code, language, text: texts[language].trim().length > 0 }).toEqual({ code, language, text: true });
      }
      expect({ code, chinese: /[\u4e00-\u9fff]/.test(texts['zh-CN']) }).toEqual({ code, chinese: true });
    }
  });

  it('keeps no code that nothing declares any more', () => {
    expect(Object.keys(ERROR_MESSAGES).filter((code) => !declared.has(code))).toEqual([]);
  });

  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['en;q=0.5, zh;q=0.9', 'zh-CN'],
    ['fr-FR, en;q=0.3', 'en'],
    ['fr-FR', undefined],
    ['zh;q=0, en', 'en'],
    ['', undefined],
    [undefined, undefined],
  ])('reads Accept-Language %p as %p', (header, language) => {
    expect(preferredMessageLanguage(header)).toBe(language);
  });
});
