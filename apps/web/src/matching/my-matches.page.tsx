import { Empty, Flex, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { awaitsMyAnswer, MatchCard } from './match-card';
import { useCatalogueNames } from './matching-labels';
import { MatchingNav } from './matching-nav';
import { isMatchStatus, MATCH_STATUSES, useMatches, type MatchStatus } from './matching.api';

/**
 * 我的匹配: the proposals I answer for — as a need's organizer, as the business whose stock is
 * offered, or as the volunteer — each with why it was proposed, and my answer to give.
 */
export default function MyMatchesPage() {
  const { t } = useTranslation();
  const names = useCatalogueNames();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: MatchStatus | undefined = isMatchStatus(raw) ? raw : undefined;
  const query = useMatches(status ? { status } : {});
  const matches = query.data?.pages.flatMap((page) => page.items) ?? [];
  const waiting = matches.filter(awaitsMyAnswer).length;

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('matching.matchesTitle')}
      </Typography.Title>
      <MatchingNav />
      <div className="gl-chips" role="toolbar" aria-label={t('matching.matchStatusFilter')}>
        <Segmented<MatchStatus | 'all'>
          value={status ?? 'all'}
          onChange={(value) => setParams(value === 'all' ? {} : { status: value }, { replace: true })}
          options={[
            { value: 'all' as const, label: <span data-testid="match-filter-all">{t('common.all')}</span> },
            ...MATCH_STATUSES.map((s) => ({
              value: s,
              label: <span data-testid={`match-filter-${s}`}>{t(`matchStatus.${s}`)}</span>,
            })),
          ]}
        />
      </div>
      {!query.isPending && !query.isError && waiting > 0 && (
        <Typography.Text strong data-testid="matches-waiting">
          {t('matching.waitingForYou', { n: waiting })}
        </Typography.Text>
      )}
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : matches.length === 0 ? (
        <Empty description={status ? t('matching.noMatchesWithStatus') : t('matching.noMatches')} data-testid="matches-empty">
          <Typography.Paragraph type="secondary" style={{ maxWidth: 420, margin: '0 auto' }}>
            {t('matching.noMatchesHint')}
          </Typography.Paragraph>
          <Link to="/me/volunteer-profile">{t('matching.profileLink')}</Link>
        </Empty>
      ) : (
        <Flex vertical gap={12} data-testid="my-matches">
          {matches.map((match) => (
            <MatchCard key={match.id} match={match} names={names} />
          ))}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
            testId="matches-load-more"
          />
        </Flex>
      )}
    </Flex>
  );
}
