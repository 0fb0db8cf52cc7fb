import { Alert, Button, Card, Empty, Flex, Form, Input, Progress, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { wholeRule } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { parseWholeNumber } from '../lib/money-input';
import { MatchCard } from './match-card';
import { formatCount, formatDelta, RunStatusTag, useCatalogueNames, type CatalogueNames } from './matching-labels';
import { MatchingNav } from './matching-nav';
import { NEED_LIMITS, useMatches, useRun, useRuns, useStartRun, type RunView } from './matching.api';

const STAGES = ['queued', 'loading', 'solving', 'saving', 'done'] as const;

function StartRun({ onStarted }: { onStarted: (runId: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ maxDistanceKm?: string }>();
  const start = useStartRun();
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const submit = async (values: { maxDistanceKm?: string }) => {
    setError(null);
    const typed = values.maxDistanceKm?.trim();
    const distance = typed ? parseWholeNumber(typed, NEED_LIMITS.runDistanceMin, NEED_LIMITS.runDistanceMax) : null;
    if (distance && !distance.ok) return;
    try {
      const started = await start.mutateAsync({
        body: distance?.ok ? { maxDistanceKm: distance.value } : {},
        idempotencyKey,
      });
      setIdempotencyKey(globalThis.crypto.randomUUID());
      onStarted(started.runId);
    } catch (failure) {
      if (isApiError(failure) && failure.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      setError(errorText(t, failure));
    }
  };
  return (
    <Card size="small" title={t('matchingRuns.startTitle')}>
      <Typography.Paragraph type="secondary">{t('matchingRuns.startHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
        <Form.Item
          name="maxDistanceKm"
          label={t('matchingRuns.maxDistance')}
          extra={t('matchingRuns.maxDistanceHint')}
          rules={[wholeRule(t, NEED_LIMITS.runDistanceMin, NEED_LIMITS.runDistanceMax, { required: false })]}
        >
          <Input inputMode="numeric" suffix="km" placeholder="10" style={{ maxWidth: 200 }} data-testid="run-max-distance" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={start.isPending} data-testid="run-start">
          {t('matchingRuns.start')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="run-start-error" />}
    </Card>
  );
}

/** A figure of the run, beside the previous run's when there was one: "12 · 上次 10（+2）". */
function Figure(props: { label: string; value: number; previous?: number; testId: string }) {
  const { t, i18n } = useTranslation();
  const { label, value, previous, testId } = props;
  return (
    <div className="gl-figure" data-testid={testId} data-value={value}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <Typography.Text strong style={{ fontSize: 18 }}>
        {formatCount(value, i18n.language)}
      </Typography.Text>
      {previous !== undefined && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('matchingRuns.versus', {
            previous: formatCount(previous, i18n.language),
            delta: formatDelta(value - previous, i18n.language),
          })}
        </Typography.Text>
      )}
    </div>
  );
}

function stageLabel(t: TFunction, stage: string): string {
  return (STAGES as readonly string[]).includes(stage) ? t(`runStages.${stage as (typeof STAGES)[number]}`) : stage;
}

function RunDetail({ runId, names }: { runId: string; names: CatalogueNames }) {
  const { t, i18n } = useTranslation();
  const query = useRun(runId);
  const run = query.data;
  const done = run?.status === 'done';
  const matches = useMatches({ runId }, { enabled: done });
  if (query.isPending) return <PageLoading />;
  if (query.isError || !run) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const items = matches.data?.pages.flatMap((page) => page.items) ?? [];
  const totals = run.totals;
  const previous = run.previous;
  return (
    <Flex vertical gap={12} data-testid="run-detail" data-run-id={run.id} data-status={run.status}>
      <Card
        size="small"
        title={t('matchingRuns.runOf', { date: formatDateTime(run.createdAt, i18n.language) })}
        extra={<RunStatusTag status={run.status} />}
      >
        <Flex vertical gap={8}>
          {(run.status === 'queued' || run.status === 'running') && (
            <div data-testid="run-progress" data-progress={run.progress}>
              <Progress percent={run.progress} status="active" />
              <Typography.Text type="secondary">{stageLabel(t, run.stage)}</Typography.Text>
            </div>
          )}
          {run.status === 'failed' && (
            <Alert type="error" showIcon title={t('matchingRuns.failed')} description={run.error ?? undefined} />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('matchingRuns.settings', {
              km: run.maxDistanceKm,
              trigger: run.trigger === 'manual' ? t('matchingRuns.manual') : t('matchingRuns.scheduled'),
            })}
          </Typography.Text>
          {totals && (
            <>
              <div className="gl-figures" data-testid="run-totals">
                <Figure label={t('matchingRuns.value')} value={totals.value} previous={previous?.value} testId="run-value" />
                <Figure label={t('matchingRuns.units')} value={totals.units} previous={previous?.units} testId="run-units" />
                <Figure
                  label={t('matchingRuns.matches')}
                  value={totals.matches}
                  previous={previous?.matches}
                  testId="run-matches"
                />
                <Figure label={t('matchingRuns.needsServed')} value={totals.needsServed} testId="run-needs-served" />
                <Figure label={t('matchingRuns.needsFully')} value={totals.needsFully} testId="run-needs-fully" />
                <Figure label={t('matchingRuns.needs')} value={totals.needs} testId="run-needs" />
                <Figure label={t('matchingRuns.offers')} value={totals.offers} testId="run-offers" />
                <Figure label={t('matchingRuns.candidates')} value={totals.candidates} testId="run-candidates" />
              </div>
              {previous ? (
                <Typography.Text data-testid="run-value-delta" data-delta={previous.valueDelta}>
                  {t('matchingRuns.valueDelta', { delta: formatDelta(previous.valueDelta, i18n.language) })}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('matchingRuns.firstRun')}</Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('matchingRuns.solved', { ms: formatCount(totals.solveMs, i18n.language) })}
              </Typography.Text>
            </>
          )}
        </Flex>
      </Card>
      {done && (
        <Card size="small" title={t('matchingRuns.proposals')} data-testid="run-match-list">
          {matches.isPending ? (
            <PageLoading variant="list" />
          ) : matches.isError ? (
            <PageError error={matches.error} onRetry={() => void matches.refetch()} />
          ) : items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matchingRuns.noProposals')} />
          ) : (
            <Flex vertical gap={12}>
              {items.map((match) => (
                <MatchCard key={match.id} match={match} names={names} />
              ))}
              <LoadMore
                hasMore={matches.hasNextPage}
                loading={matches.isFetchingNextPage}
                onClick={() => void matches.fetchNextPage()}
                testId="run-matches-load-more"
              />
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}

function RunRow({ run, selected, onSelect }: { run: RunView; selected: boolean; onSelect: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <button
      type="button"
      className={selected ? 'gl-run-row selected' : 'gl-run-row'}
      onClick={onSelect}
      aria-pressed={selected}
      data-testid="run-row"
      data-run-id={run.id}
      data-status={run.status}
    >
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong>{formatDateTime(run.createdAt, i18n.language)}</Typography.Text>
        <RunStatusTag status={run.status} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {run.totals
          ? t('matchingRuns.rowTotals', {
              matches: formatCount(run.totals.matches, i18n.language),
              units: formatCount(run.totals.units, i18n.language),
              value: formatCount(run.totals.value, i18n.language),
            })
          : run.status === 'failed'
            ? t('matchingRuns.failed')
            : `${stageLabel(t, run.stage)} · ${run.progress}%`}
        {run.previous && ` · ${formatDelta(run.previous.valueDelta, i18n.language)}`}
      </Typography.Text>
    </button>
  );
}

/**
 * 匹配批次 (foundation staff): start a run of the matching engine, watch it go, and read what
 * each run proposed, with its totals against the run before.
 */
export default function MatchingRunsPage() {
  const { t } = useTranslation();
  const names = useCatalogueNames();
  const [params, setParams] = useSearchParams();
  const runs = useRuns();
  const list = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const selected = params.get('run') ?? list[0]?.id;
  const select = (id: string) => setParams({ run: id }, { replace: true });

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('matchingRuns.title')}
      </Typography.Title>
      <MatchingNav />
      <div className="gl-runs-layout">
        <Flex vertical gap={12} className="gl-runs-side">
          <StartRun onStarted={select} />
          <Card size="small" title={t('matchingRuns.history')}>
            {runs.isPending ? (
              <PageLoading variant="list" />
            ) : runs.isError ? (
              <PageError error={runs.error} onRetry={() => void runs.refetch()} />
            ) : list.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matchingRuns.none')} data-testid="runs-empty" />
            ) : (
              <Flex vertical gap={8} data-testid="runs-list">
                {list.map((run) => (
                  <RunRow key={run.id} run={run} selected={run.id === selected} onSelect={() => select(run.id)} />
                ))}
                <LoadMore
                  hasMore={runs.hasNextPage}
                  loading={runs.isFetchingNextPage}
                  onClick={() => void runs.fetchNextPage()}
                  testId="runs-load-more"
                />
              </Flex>
            )}
          </Card>
        </Flex>
        <div className="gl-runs-main">{selected && <RunDetail key={selected} runId={selected} names={names} />}</div>
      </div>
    </Flex>
  );
}
