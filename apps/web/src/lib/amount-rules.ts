import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { formatFen } from './format';
import { parseWholeNumber, parseYuanToFen } from './money-input';

/** A form rule for yuan typed as text: refused with the reason, never rounded. Bounds in fen. */
export function yuanRule(t: TFunction, bounds: { min?: number; max?: number; required?: boolean } = {}): FormRule {
  return {
    required: bounds.required ?? true,
    validator: async (_rule, value: string | undefined) => {
      if ((value ?? '').trim() === '' && bounds.required === false) return;
      const parsed = parseYuanToFen(value, bounds);
      if (parsed.ok) return;
      switch (parsed.problem) {
        case 'required':
          throw new Error(t('amounts.required'));
        case 'format':
          throw new Error(t('amounts.format'));
        case 'decimals':
          throw new Error(t('amounts.decimals'));
        case 'tooSmall':
          throw new Error(t('amounts.tooSmall', { min: formatFen(bounds.min ?? 1) }));
        case 'tooLarge':
          throw new Error(t('amounts.tooLarge', { max: formatFen(bounds.max ?? Number.MAX_SAFE_INTEGER) }));
      }
    },
  };
}

/** A form rule for a whole number typed as text, within [min, max]. */
export function wholeRule(t: TFunction, min: number, max: number, options: { required?: boolean } = {}): FormRule {
  return {
    required: options.required ?? true,
    validator: async (_rule, value: string | number | undefined) => {
      if ((value === undefined || String(value).trim() === '') && options.required === false) return;
      const parsed = parseWholeNumber(value, min, max);
      if (parsed.ok) return;
      if (parsed.problem === 'required') throw new Error(t('amounts.wholeRequired'));
      if (parsed.problem === 'decimals' || parsed.problem === 'format') throw new Error(t('amounts.whole'));
      throw new Error(t('amounts.wholeRange', { min, max }));
    },
  };
}

/** A text field's maximum, counted as the API counts (trimmed, by character). */
export function maxTextRule(t: TFunction, max: number): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const n = value === undefined ? 0 : [...value.trim()].length;
      if (n > max) throw new Error(t('createActivity.textTooLong', { max, n }));
    },
  };
}

/** antd's character counter, counting as the API does. */
export const textCounter = (max: number) => ({
  show: true,
  max,
  strategy: (value: string) => [...value.trim()].length,
});
