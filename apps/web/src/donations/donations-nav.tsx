import { useTranslation } from 'react-i18next';
import { SubNav } from '../layout/sub-nav';

/** 捐赠 · 我的捐赠 · 建议基金. */
export function DonationsNav() {
  const { t } = useTranslation();
  return (
    <SubNav
      label={t('give.sections')}
      items={[
        { to: '/give', label: t('give.giveTab'), testId: 'subnav-give' },
        { to: '/me/donations', label: t('give.mineTab'), testId: 'subnav-my-donations' },
        { to: '/me/daf', label: t('give.dafTab'), testId: 'subnav-my-daf' },
      ]}
    />
  );
}
