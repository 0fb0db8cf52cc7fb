/** The languages an account can choose for its pages and messages. */
export type Locale = 'zh-CN' | 'en';
export const Locales = ['zh-CN', 'en'] as const;
