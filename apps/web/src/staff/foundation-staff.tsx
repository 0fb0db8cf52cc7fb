import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { NotForYourRole } from '../auth/not-for-your-role';
import { isFoundationStaff } from '../business/business.api';
import { SubNav } from '../layout/sub-nav';

/** Routes for foundation staff and platform admins (pledge intake, grant recommendations). */
export function RequireFoundationStaff() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!isFoundationStaff(me)) return <NotForYourRole who={t('access.foundationStaff')} />;
  return <Outlet />;
}

/** 物资入库 · 建议审批. */
export function FoundationNav() {
  const { t } = useTranslation();
  return (
    <SubNav
      label={t('staffPledges.sections')}
      items={[
        { to: '/staff/pledges', label: t('staffPledges.pledgesTab'), testId: 'subnav-staff-pledges' },
        { to: '/staff/recommendations', label: t('staffPledges.recommendationsTab'), testId: 'subnav-staff-recommendations' },
      ]}
    />
  );
}
