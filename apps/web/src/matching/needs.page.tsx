import { Alert, Button, Empty, Flex, Segmented, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { coordinateText, useCurrentPosition } from './geolocation';
import { useCatalogueNames, type CatalogueNames } from './matching-labels';
import { MatchingNav } from './matching-nav';
import {
  isNeedKind,
  isNeedStatus,
  NEED_STATUSES,
  useNeeds,
  type NeedFilters,
  type NeedKind,
  type NeedStatus,
} from './matching.api';
import { NeedCard } from './need-card';
import { NeedsMap, type MapCentre } from './needs-map';

const NEAR_RADII_KM = [1, 3, 5, 10, 20] as const;
type View = 'list' | 'map';

function NeedsList(props: { filters: NeedFilters; view: View; centre?: MapCentre; names: CatalogueNames; onClear: () => void }) {
  const { filters, view, centre, names, onClear } = props;
  const { t } = useTranslation();
  const query = useNeeds(filters);
  const needs = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  if (query.isPending) return <PageLoading variant="list" />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  if (needs.length === 0) {
    const filtered = filters.kind || filters.category || filters.near || filters.status !== 'open';
    return (
      <Empty description={filtered ? t('matching.noMatchingNeeds') : t('matching.noNeeds')} data-testid="needs-empty">
        {filtered && (
          <Button onClick={onClear} data-testid="needs-clear-filters">
            {t('matching.clearFilters')}
          </Button>
        )}
      </Empty>
    );
  }
  return (
    <Flex vertical gap={12} data-testid="needs-list">
      {view === 'map' && <NeedsMap needs={needs} centre={centre} />}
      {needs.map((need, index) => (
        <NeedCard key={need.id} need={need} names={names} number={view === 'map' ? index + 1 : undefined} />
      ))}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
        testId="needs-load-more"
      />
    </Flex>
  );
}

/**
 * 社区需求: what the community needs, for anyone to see — by kind, category and status, nearest
 * first around the person when they allow their position, as a list or drawn on a plain map.
 */
export default function NeedsPage() {
  const { t } = useTranslation();
  const names = useCatalogueNames();
  const [params, setParams] = useSearchParams();
  const rawKind = params.get('kind');
  const kind = isNeedKind(rawKind) ? rawKind : undefined;
  const category = params.get('category') ?? undefined;
  const rawStatus = params.get('status');
  // The board opens on what can still be helped with; `all` shows every status.
  const status: NeedStatus | undefined = rawStatus === 'all' ? undefined : isNeedStatus(rawStatus) ? rawStatus : 'open';
  const view: View = params.get('view') === 'map' ? 'map' : 'list';
  const [position, askPosition] = useCurrentPosition();
  const [nearOn, setNearOn] = useState(false);
  const [radiusKm, setRadiusKm] = useState<number>(5);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const categories =
    kind === 'item' ? names.itemCategories : kind === 'skill' ? names.skills : [...names.itemCategories, ...names.skills];
  const near = nearOn && position.status === 'found' ? { lat: position.lat, lng: position.lng, radiusKm } : undefined;
  const filters: NeedFilters = {
    ...(kind ? { kind } : {}),
    ...(category ? { category } : {}),
    ...(status ? { status } : {}),
    ...(near ? { near: `${coordinateText(near.lat)},${coordinateText(near.lng)},${near.radiusKm}` } : {}),
  };

  const chooseKind = (next: NeedKind | 'all') => {
    const nextKind = next === 'all' ? undefined : next;
    const keeps =
      !category || !nextKind || (nextKind === 'item' ? names.itemCategories : names.skills).some((c) => c.code === category);
    update({ kind: nextKind, category: keeps ? category : undefined });
  };

  const toggleNear = () => {
    if (nearOn) {
      setNearOn(false);
      return;
    }
    setNearOn(true);
    if (position.status !== 'found') askPosition();
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('matching.boardTitle')}
      </Typography.Title>
      <MatchingNav />
      <Typography.Text type="secondary">{t('matching.boardIntro')}</Typography.Text>
      <Flex gap={8} wrap align="center" justify="space-between">
        <Segmented<View>
          value={view}
          onChange={(value) => update({ view: value === 'map' ? 'map' : undefined })}
          options={[
            { value: 'list', label: <span data-testid="needs-view-list">{t('matching.listView')}</span> },
            { value: 'map', label: <span data-testid="needs-view-map">{t('matching.mapView')}</span> },
          ]}
        />
        <Flex gap={8} align="center">
          <Button
            type={nearOn ? 'primary' : 'default'}
            loading={nearOn && position.status === 'asking'}
            onClick={toggleNear}
            aria-pressed={nearOn}
            data-testid="needs-near-me"
          >
            {t('matching.nearMe')}
          </Button>
          {nearOn && position.status === 'found' && (
            <Select<number>
              value={radiusKm}
              onChange={setRadiusKm}
              aria-label={t('matching.radius')}
              options={NEAR_RADII_KM.map((km) => ({ value: km, label: t('matching.withinKm', { km }) }))}
              style={{ width: 110 }}
              data-testid="needs-near-radius"
            />
          )}
        </Flex>
      </Flex>
      {nearOn && (position.status === 'denied' || position.status === 'unavailable') && (
        <Alert
          type="warning"
          showIcon
          title={position.status === 'denied' ? t('matching.positionDenied') : t('matching.positionUnavailable')}
          data-testid="needs-position-problem"
          closable={{ onClose: () => setNearOn(false) }}
        />
      )}
      <div className="gl-chips" role="toolbar" aria-label={t('matching.kind')}>
        <Segmented<NeedKind | 'all'>
          value={kind ?? 'all'}
          onChange={chooseKind}
          options={[
            { value: 'all', label: <span data-testid="need-kind-all">{t('common.all')}</span> },
            { value: 'item', label: <span data-testid="need-kind-item">{t('needKinds.item')}</span> },
            { value: 'skill', label: <span data-testid="need-kind-skill">{t('needKinds.skill')}</span> },
          ]}
        />
        <Segmented<NeedStatus | 'all'>
          value={status ?? 'all'}
          onChange={(value) => update({ status: value === 'open' ? undefined : value })}
          options={[
            ...NEED_STATUSES.map((s) => ({
              value: s,
              label: <span data-testid={`need-status-${s}`}>{t(`needStatus.${s}`)}</span>,
            })),
            { value: 'all' as const, label: <span data-testid="need-status-all">{t('common.all')}</span> },
          ]}
        />
      </div>
      <div className="gl-chips" role="toolbar" aria-label={t('matching.category')}>
        <Tag.CheckableTag checked={!category} onChange={() => update({ category: undefined })} data-testid="need-category-all">
          {t('common.all')}
        </Tag.CheckableTag>
        {categories.map((c) => (
          <Tag.CheckableTag
            key={c.code}
            checked={category === c.code}
            onChange={() => update({ category: c.code })}
            data-testid={`need-category-${c.code}`}
          >
            {c.name}
          </Tag.CheckableTag>
        ))}
      </div>
      <NeedsList
        filters={filters}
        view={view}
        centre={near}
        names={names}
        onClear={() => {
          setNearOn(false);
          update({ kind: undefined, category: undefined, status: undefined });
        }}
      />
    </Flex>
  );
}
