import { Button, Empty, Flex, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { RewardCard } from './reward-card';
import { RewardsNav } from './rewards-nav';
import { isPledgeCategory, PLEDGE_CATEGORIES, useRewards, type PledgeCategory } from './rewards.api';

function RewardList(props: { category: PledgeCategory | undefined; place: string | undefined; onClearFilters: () => void }) {
  const { category, place, onClearFilters } = props;
  const { t } = useTranslation();
  const query = useRewards({ category, place });
  if (query.isPending) return <PageLoading variant="list" />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const rewards = query.data.pages.flatMap((page) => page.items);
  if (rewards.length === 0) {
    if (!category && !place) return <Empty description={t('rewards.empty')} data-testid="rewards-empty" />;
    return (
      <Empty description={t('rewards.noMatch')} data-testid="rewards-no-match">
        <Button onClick={onClearFilters} data-testid="rewards-clear-filters">
          {t('rewards.clearFilters')}
        </Button>
      </Empty>
    );
  }
  return (
    <Flex vertical gap={12} data-testid="rewards-list">
      {rewards.map((reward) => (
        <RewardCard key={reward.id} reward={reward} />
      ))}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
        testId="rewards-load-more"
      />
    </Flex>
  );
}

/** The rewards catalogue: what residents' points buy, by category and pickup place (public). */
export default function RewardsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const rawCategory = params.get('category');
  const category = isPledgeCategory(rawCategory) ? rawCategory : undefined;
  const place = params.get('place') ?? undefined;
  const [search, setSearch] = useState(place ?? '');

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
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('rewards.title')}
      </Typography.Title>
      <RewardsNav />
      <Input.Search
        allowClear
        aria-label={t('rewards.placeSearch')}
        placeholder={t('rewards.placeSearch')}
        value={search}
        maxLength={100}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => update({ place: value.trim() || undefined })}
        data-testid="rewards-place-search"
      />
      <div className="gl-chips" role="toolbar" aria-label={t('business.category')}>
        <Tag.CheckableTag checked={!category} onChange={() => update({ category: undefined })} data-testid="reward-category-all">
          {t('common.all')}
        </Tag.CheckableTag>
        {PLEDGE_CATEGORIES.map((c) => (
          <Tag.CheckableTag
            key={c}
            checked={category === c}
            onChange={() => update({ category: c })}
            data-testid={`reward-category-${c}`}
          >
            {t(`pledgeCategories.${c}`)}
          </Tag.CheckableTag>
        ))}
      </div>
      <RewardList
        category={category}
        place={place}
        onClearFilters={() => {
          setSearch('');
          update({ category: undefined, place: undefined });
        }}
      />
    </Flex>
  );
}
