import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import { isFoundationStaff } from '../business/business.api';
import { SubNav } from '../layout/sub-nav';

/**
 * 需求广场 · 我的匹配 · 发布需求 · 匹配批次: the matching pages each person has, in one row
 * (the board alone for a visitor, who then sees no row at all).
 */
export function MatchingNav() {
  const { t } = useTranslation();
  const { signedIn, canOrganize, me } = useAuth();
  if (!signedIn) return null;
  return (
    <SubNav
      label={t('matching.sections')}
      items={[
        { to: '/needs', label: t('matching.boardTab'), testId: 'subnav-needs' },
        { to: '/matches', label: t('matching.matchesTab'), testId: 'subnav-matches' },
        ...(canOrganize ? [{ to: '/organizer/needs/new', label: t('matching.postTab'), testId: 'subnav-post-need' }] : []),
        ...(isFoundationStaff(me)
          ? [{ to: '/staff/matching', label: t('matching.runsTab'), testId: 'subnav-matching-runs' }]
          : []),
      ]}
    />
  );
}
