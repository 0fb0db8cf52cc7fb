import { App, Button, Card, Col, Empty, Flex, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageError, PageLoading } from '../layout/page-state';
import { errorText } from '../lib/errors';
import { formatDateTime, formatFen, formatPoints } from '../lib/format';
import { BusinessHeader, useCurrentBusiness } from './business-shell';
import { downloadImpact, useImpact, type ImpactView } from './business.api';
import { PledgeStatusTag } from './pledge-labels';

function DownloadButton({ orgId, format }: { orgId: string; format: 'csv' | 'pdf' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadImpact(orgId, format);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="large" block loading={busy} onClick={() => void download()} data-testid={`impact-download-${format}`}>
      {format === 'csv' ? t('business.downloadCsv') : t('business.downloadPdf')}
    </Button>
  );
}

function Totals({ impact }: { impact: ImpactView }) {
  const { t } = useTranslation();
  const { totals } = impact;
  const money = [
    ['pledgedValue', totals.pledgedValue],
    ['receivedValue', totals.receivedValue],
    ['deliveredValue', totals.deliveredValue],
  ] as const;
  const counts = [
    ['redemptions', totals.redemptions],
    ['residents', totals.residents],
    ['pointsRedeemed', totals.pointsRedeemed],
  ] as const;
  return (
    <Card size="small" title={t('business.totals')} data-testid="impact-totals">
      <Row gutter={[16, 12]}>
        {money.map(([key, value]) => (
          <Col key={key} xs={12} sm={8}>
            <Statistic
              title={t(`business.${key}`)}
              value={value}
              formatter={() => formatFen(value)}
              data-testid={`impact-${key}`}
            />
          </Col>
        ))}
        {counts.map(([key, value]) => (
          <Col key={key} xs={12} sm={8}>
            <Statistic
              title={t(`business.${key}`)}
              value={value}
              formatter={() => formatPoints(value)}
              data-testid={`impact-${key}`}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function Report({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const query = useImpact(orgId);
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const impact = query.data;
  const count = (n: number | null) => (n === null ? t('common.notSet') : formatPoints(n));
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        {t('business.generatedAt', { at: formatDateTime(impact.generatedAt, i18n.language) })}
      </Typography.Text>
      <Flex gap={8}>
        <DownloadButton orgId={orgId} format="csv" />
        <DownloadButton orgId={orgId} format="pdf" />
      </Flex>
      <Totals impact={impact} />
      <Card size="small" title={t('business.lines')}>
        {impact.pledges.length === 0 ? (
          <Empty description={t('business.impactEmpty')} />
        ) : (
          <Table
            size="small"
            rowKey="pledgeId"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={impact.pledges}
            data-testid="impact-table"
            columns={[
              { key: 'item', title: t('business.colItem'), render: (_, line) => `${line.item}（${line.unit}）` },
              { key: 'pledged', title: t('business.colPledged'), align: 'right', render: (_, line) => count(line.pledged) },
              { key: 'received', title: t('business.colReceived'), align: 'right', render: (_, line) => count(line.received) },
              { key: 'redeemed', title: t('business.colRedeemed'), align: 'right', render: (_, line) => count(line.redeemed) },
              { key: 'matched', title: t('business.colMatched'), align: 'right', render: (_, line) => count(line.matched) },
              {
                key: 'value',
                title: t('business.colValue'),
                align: 'right',
                render: (_, line) => formatFen(line.deliveredValue),
              },
              { key: 'status', title: t('business.colStatus'), render: (_, line) => <PledgeStatusTag status={line.status} /> },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('business.recent')}>
        {impact.recent.length === 0 ? (
          <Empty description={t('business.noRecent')} />
        ) : (
          impact.recent.map((r, i) => (
            <Flex key={`${r.resident}-${r.at}-${i}`} justify="space-between" gap={8} className="gl-entry">
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Text style={{ overflowWrap: 'anywhere' }}>
                  {r.resident} · {r.item}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(r.at, i18n.language)}
                </Typography.Text>
              </Flex>
              <Typography.Text strong style={{ flex: 'none' }}>
                × {formatPoints(r.quantity)}
              </Typography.Text>
            </Flex>
          ))
        )}
      </Card>
    </Flex>
  );
}

/** 公益影响: what the business gave, what reached residents (anonymised), and its value. */
export default function BusinessImpactPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentBusiness();
  return (
    <Flex vertical gap={12}>
      <BusinessHeader title={t('business.impactTitle')} />
      {orgId && <Report key={orgId} orgId={orgId} />}
    </Flex>
  );
}
