import { Button, Empty, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useActivities } from '../activities/activities.api';
import { ActivityCard } from '../activities/activity-card';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { useOrganizerOrgs } from './organizer.api';

function OrgActivities({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const query = useActivities({ orgId });
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const activities = query.data.pages.flatMap((page) => page.items);
  if (activities.length === 0) return <Empty description={t('organizer.empty')} />;
  return (
    <Flex vertical gap={12}>
      {activities.map((activity) => (
        <ActivityCard
          key={activity.id}
          activity={activity}
          to={`/organizer/activities/${activity.id}`}
          testId="organizer-activity-card"
          footer={
            <Flex justify="space-between" align="center">
              <Typography.Text type="secondary">{t('organizer.checkInCode')}</Typography.Text>
              {activity.checkInCode ? (
                <Typography.Text strong className="gl-code-small" data-testid="check-in-code">
                  {activity.checkInCode}
                </Typography.Text>
              ) : (
                <Typography.Link>{t('organizer.codeInDetail')} →</Typography.Link>
              )}
            </Flex>
          }
        />
      ))}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
        testId="organizer-activities-load-more"
      />
    </Flex>
  );
}

export default function OrganizerHomePage() {
  const { t } = useTranslation();
  const { orgs, isPending } = useOrganizerOrgs();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const orgId = orgs.find((org) => org.id === params.get('org'))?.id ?? orgs[0]?.id;

  if (isPending) return <PageLoading />;

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('organizer.title')}
      </Typography.Title>
      {!orgId ? (
        <Empty description={t('organizer.noOrgs')} />
      ) : (
        <>
          {orgs.length > 1 && (
            <Select
              value={orgId}
              onChange={(value) => setParams({ org: value }, { replace: true })}
              options={orgs.map((org) => ({ value: org.id, label: org.name }))}
              aria-label={t('organizer.org')}
              data-testid="organizer-org-select"
            />
          )}
          <Button
            type="primary"
            block
            size="large"
            onClick={() => void navigate(`/organizer/activities/new?orgId=${encodeURIComponent(orgId)}`)}
            data-testid="create-activity-button"
          >
            + {t('organizer.createActivity')}
          </Button>
          <Typography.Text strong>
            {t('organizer.activities')}
            {orgs.length === 1 && ` · ${orgs[0]?.name ?? ''}`}
          </Typography.Text>
          <OrgActivities orgId={orgId} />
        </>
      )}
    </Flex>
  );
}
