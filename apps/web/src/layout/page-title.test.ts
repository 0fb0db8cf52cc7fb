import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { documentTitle, routeTitle } from './page-title';

describe('page titles', () => {
  it('names each route in the UI language', async () => {
    await i18n.changeLanguage('zh-CN');
    const t = i18n.t.bind(i18n);
    expect(documentTitle(t, routeTitle(t, '/activities'))).toBe('志愿活动 · GoodLoop 社区公益');
    expect(routeTitle(t, '/organizer/activities/new')).toBe('发布活动');
    expect(routeTitle(t, '/organizer/activities/0190a4a0-0000-7000-8000-000000000001')).toBe('报名名单');
    expect(routeTitle(t, '/wallet')).toBe('我的积分');
    expect(routeTitle(t, '/nowhere')).toBeUndefined();
    await i18n.changeLanguage('en');
    expect(routeTitle(i18n.t.bind(i18n), '/wallet')).toBe('My points');
    await i18n.changeLanguage('zh-CN');
  });
});
