import { describe, expect, it, vi } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Every leaf key as a dotted path, e.g. `wallet.balance`. */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

function leafValues(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leafValues);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function leafEntries(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leafEntries(child, prefix ? `${prefix}.${key}` : key));
}

describe('translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zhKeys = leafKeys(zhCN).sort();
    const enKeys = leafKeys(en).sort();
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(zhKeys.length).toBeGreaterThan(100);
  });

  it('every value is a non-empty string', () => {
    for (const value of [...leafValues(zhCN), ...leafValues(en)]) {
      expect(typeof value).toBe('string');
      expect((value as string).length).toBeGreaterThan(0);
    }
  });

  it('both languages use the same placeholders for each key', () => {
    const enByKey = new Map(leafEntries(en));
    for (const [key, zhText] of leafEntries(zhCN)) {
      expect([key, placeholders(String(enByKey.get(key)))]).toEqual([key, placeholders(String(zhText))]);
    }
  });
});

describe('the language a visitor starts in', () => {
  it('reads any Chinese as Simplified Chinese and any English as English', async () => {
    const { languageOfTag } = await import('./index');
    expect(['zh', 'zh-CN', 'zh-TW', 'zh-Hans-CN', 'ZH-cn'].map(languageOfTag)).toEqual([
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'zh-CN',
    ]);
    expect(['en', 'en-US', 'en-GB'].map(languageOfTag)).toEqual(['en', 'en', 'en']);
    expect(['fr-FR', 'ja', ''].map(languageOfTag)).toEqual([undefined, undefined, undefined]);
  });

  it("follows the browser's languages until the person picks one on this device", async () => {
    const { storedLanguage } = await import('./index');
    const languages = vi.spyOn(globalThis.navigator, 'languages', 'get');
    try {
      localStorage.removeItem('goodloop.language');
      languages.mockReturnValue(['fr-FR', 'en-US', 'zh-CN']);
      expect(storedLanguage()).toBe('en');
      languages.mockReturnValue(['ja-JP']);
      expect(storedLanguage()).toBe('zh-CN');
      localStorage.setItem('goodloop.language', 'zh-CN');
      languages.mockReturnValue(['en-US']);
      expect(storedLanguage()).toBe('zh-CN');
    } finally {
      languages.mockRestore();
      localStorage.removeItem('goodloop.language');
    }
  });
});
