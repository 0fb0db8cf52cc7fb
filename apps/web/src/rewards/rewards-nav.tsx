import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import { SubNav } from '../layout/sub-nav';

/** 兑换商品 · 我的兑换 (the second only when signed in). */
export function RewardsNav() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  if (!signedIn) return null;
  return (
    <SubNav
      label={t('rewards.sections')}
      items={[
        { to: '/rewards', label: t('rewards.catalogueTab'), testId: 'subnav-rewards' },
        { to: '/me/redemptions', label: t('rewards.mineTab'), testId: 'subnav-my-redemptions' },
      ]}
    />
  );
}
