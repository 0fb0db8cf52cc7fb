import { Button, Card, Empty, Flex, Input, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { ActivityCategory } from '@goodloop/contracts';
import { ACTIVITY_CATEGORIES } from './categories';
import { useAuth } from '../auth/auth-context';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { useActivities, useMySignups } from './activities.api';
import { ActivityCard } from './activity-card';
import { SignupStatusTag } from './activity-labels';

function isCategory(value: string | null): value is ActivityCategory {
  return (ACTIVITY_CATEGORIES as readonly (string | null)[]).includes(value);
}

function AllActivities(props: { category: ActivityCategory | undefined; q: string | undefined; onClearFilters: () => void }) {
  const { category, q, onClearFilters } = props;
  const { t } = useTranslation();
  const query = useActivities({ category, q });
  if (query.isPending) return <PageLoading variant="list" />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const activities = query.data.pages.flatMap((page) => page.items);
  if (activities.length === 0) {
    // Nothing at all is not the same as nothing for these filters: say which, and offer the way out.
    if (!category && !q) return <Empty description={t('activities.empty')} data-testid="activities-empty" />;
    return (
      <Empty description={q ? t('activities.noMatchQuery', { q }) : t('activities.noMatch')} data-testid="activities-no-match">
        <Button onClick={onClearFilters} data-testid="activities-clear-filters">
          {t('activities.clearFilters')}
        </Button>
      </Empty>
    );
  }
  return (
    <Flex vertical gap={12}>
      {activities.map((activity) => (
        <ActivityCard key={activity.id} activity={activity} />
      ))}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
        testId="activities-load-more"
      />
    </Flex>
  );
}

function MyActivities() {
  const { t } = useTranslation();
  const query = useMySignups();
  if (query.isPending) return <PageLoading variant="list" />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const signups = query.data.pages.flatMap((page) => page.items).filter((s) => s.status !== 'cancelled');
  if (signups.length === 0) return <Empty description={t('activities.mineEmpty')} />;
  return (
    <Flex vertical gap={12}>
      {signups.map((signup) => (
        <ActivityCard
          key={signup.id}
          activity={signup.activity}
          footer={
            <div>
              <SignupStatusTag signup={signup} />
            </div>
          }
        />
      ))}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
        testId="my-signups-load-more"
      />
    </Flex>
  );
}

/** What GoodLoop is and what points are for, for a visitor who has not signed in. */
function Welcome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card size="small" data-testid="welcome">
      <Flex vertical gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('home.title')}
        </Typography.Title>
        <Typography.Text>{t('home.body')}</Typography.Text>
        <Typography.Text type="secondary">{t('home.points')}</Typography.Text>
        <Flex gap={8} wrap>
          <Button type="primary" onClick={() => void navigate('/login')} data-testid="welcome-join">
            {t('home.join')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

export default function ActivityListPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const [params, setParams] = useSearchParams();
  const rawCategory = params.get('category');
  const category = isCategory(rawCategory) ? rawCategory : undefined;
  const q = params.get('q') ?? undefined;
  const view = signedIn && params.get('view') === 'mine' ? 'mine' : 'all';
  const [search, setSearch] = useState(q ?? '');

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <Flex vertical gap={12}>
      {!signedIn && <Welcome />}
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('activities.title')}
      </Typography.Title>
      {signedIn && (
        <Segmented
          block
          value={view}
          onChange={(value) => update({ view: value === 'mine' ? 'mine' : undefined })}
          options={[
            { value: 'all', label: t('activities.allTab') },
            { value: 'mine', label: t('activities.mineTab') },
          ]}
          data-testid="activities-view"
        />
      )}
      {view === 'all' ? (
        <>
          <Input.Search
            allowClear
            aria-label={t('activities.search')}
            placeholder={t('activities.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            data-testid="activities-search"
          />
          <div className="gl-chips" role="toolbar" aria-label={t('createActivity.category')}>
            <Tag.CheckableTag
              checked={!category}
              onChange={() => update({ category: undefined })}
              data-testid="category-filter-all"
            >
              {t('common.all')}
            </Tag.CheckableTag>
            {ACTIVITY_CATEGORIES.map((c) => (
              <Tag.CheckableTag
                key={c}
                checked={category === c}
                onChange={(checked) => update({ category: checked ? c : undefined })}
                data-testid={`category-filter-${c}`}
              >
                {t(`categories.${c}`)}
              </Tag.CheckableTag>
            ))}
          </div>
          <AllActivities
            category={category}
            q={q}
            onClearFilters={() => {
              setSearch('');
              update({ q: undefined, category: undefined });
            }}
          />
        </>
      ) : (
        <MyActivities />
      )}
    </Flex>
  );
}
