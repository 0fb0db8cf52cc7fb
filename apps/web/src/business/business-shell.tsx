import { Empty, Flex, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useSearchParams } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { NotForYourRole } from '../auth/not-for-your-role';
import { SubNav } from '../layout/sub-nav';
import { businessOrgs } from './business.api';

/** Routes for members of a business (memberships with the `business` role); others are told so. */
export function RequireBusiness() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (businessOrgs(me).length === 0) return <NotForYourRole who={t('access.businesses')} />;
  return <Outlet />;
}

/** The business the pages act for: the `?org=` one of mine, else my first. */
export function useCurrentBusiness(): { orgId: string | undefined; orgs: { id: string; name: string }[]; select: ReactNode } {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const orgs = businessOrgs(me);
  const orgId = orgs.find((org) => org.id === params.get('org'))?.id ?? orgs[0]?.id;
  const select =
    orgs.length > 1 ? (
      <Select
        value={orgId}
        onChange={(value) => setParams({ org: value }, { replace: true })}
        options={orgs.map((org) => ({ value: org.id, label: org.name }))}
        aria-label={t('business.org')}
        data-testid="business-org-select"
      />
    ) : null;
  return { orgId, orgs, select };
}

/** Title, the section's links (捐赠物资 · 核销 · 公益影响) and the business chooser. */
export function BusinessHeader({ title }: { title: string }) {
  const { t } = useTranslation();
  const { orgId, orgs, select } = useCurrentBusiness();
  const query = orgId && orgs.length > 1 ? `?org=${orgId}` : '';
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <SubNav
        label={t('business.sections')}
        items={[
          { to: `/business/pledges${query}`, label: t('business.pledgesTab'), testId: 'subnav-business-pledges' },
          { to: `/business/pickups${query}`, label: t('business.pickupsTab'), testId: 'subnav-business-pickups' },
          { to: `/business/impact${query}`, label: t('business.impactTab'), testId: 'subnav-business-impact' },
        ]}
      />
      {select}
      {!orgId && <Empty description={t('business.noOrgs')} />}
    </Flex>
  );
}
