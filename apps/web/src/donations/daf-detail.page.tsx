import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Row, Segmented, Select, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { PageError, PageLoading, PageNotFound } from '../layout/page-state';
import { usePageTitle } from '../layout/page-title';
import { maxTextRule, textCounter, yuanRule } from '../lib/amount-rules';
import { applyFieldErrors, errorText } from '../lib/errors';
import { formatDateTime, formatFen } from '../lib/format';
import { parseYuanToFen } from '../lib/money-input';
import { DonationsNav } from './donations-nav';
import { DonationStatusTag, RecommendationStatusTag } from './donation-labels';
import {
  RECOMMENDATION_NOTE_MAX,
  useDaf,
  useFunds,
  useOrgs,
  useRecommendGrant,
  type DafView,
  type RecommendationTarget,
  type RecommendationView,
} from './donations.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RecommendValues {
  amount: string;
  targetKind: RecommendationTarget;
  targetId: string;
  note?: string;
}

function RecommendForm({ daf }: { daf: DafView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecommendValues>();
  const recommend = useRecommendGrant(daf.id);
  const targetKind = Form.useWatch('targetKind', form) ?? 'fund';
  const funds = useFunds();
  const orgs = useOrgs();
  const [formError, setFormError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());

  if (daf.available <= 0)
    return <Alert type="info" showIcon title={t('daf.nothingAvailable')} data-testid="daf-nothing-available" />;

  const targets =
    targetKind === 'fund'
      ? (funds.data ?? [])
          .filter((fund) => fund.kind !== 'daf')
          .map((fund) => ({ value: fund.id, label: `${fund.name} · ${fund.orgName}` }))
      : (orgs.data ?? []).map((org) => ({ value: org.id, label: org.name }));
  const targetsQuery = targetKind === 'fund' ? funds : orgs;

  const submit = async (values: RecommendValues) => {
    const amount = parseYuanToFen(values.amount, { max: daf.available });
    if (!amount.ok) return;
    setFormError(null);
    const note = values.note?.trim();
    try {
      await recommend.mutateAsync({
        body: { amount: amount.value, targetKind: values.targetKind, targetId: values.targetId, ...(note ? { note } : {}) },
        idempotencyKey,
      });
      setIdempotencyKey(globalThis.crypto.randomUUID());
      void message.success(t('daf.recommended'));
      form.resetFields();
    } catch (error) {
      if (isApiError(error) && error.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      const unplaced = applyFieldErrors(form, error, ['amount', 'targetKind', 'targetId', 'note']);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : hasFieldErrors ? null : errorText(t, error));
    }
  };

  return (
    <Form<RecommendValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ targetKind: 'fund' }}
      onFinish={(values) => void submit(values)}
      data-testid="recommend-form"
    >
      <Form.Item
        name="amount"
        label={t('daf.amount')}
        extra={t('daf.amountHint', { max: formatFen(daf.available) })}
        rules={[yuanRule(t, { min: 1, max: daf.available })]}
      >
        <Input size="large" inputMode="decimal" autoComplete="off" prefix="¥" data-testid="recommend-amount" />
      </Form.Item>
      <Form.Item name="targetKind" label={t('daf.targetKind')}>
        <Segmented
          block
          options={[
            { value: 'fund', label: t('daf.targetFund') },
            { value: 'org', label: t('daf.targetOrg') },
          ]}
          onChange={() => form.setFieldValue('targetId', undefined)}
          data-testid="recommend-target-kind"
        />
      </Form.Item>
      <Form.Item name="targetId" label={t('daf.target')} rules={[{ required: true, message: t('daf.targetRequired') }]}>
        <Select
          size="large"
          showSearch={{ optionFilterProp: 'label' }}
          loading={targetsQuery.isPending}
          options={targets}
          notFoundContent={targetsQuery.isError ? errorText(t, targetsQuery.error) : t('daf.noTargets')}
          data-testid="recommend-target"
        />
      </Form.Item>
      <Form.Item name="note" label={t('daf.note')} rules={[maxTextRule(t, RECOMMENDATION_NOTE_MAX)]}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 4 }}
          count={textCounter(RECOMMENDATION_NOTE_MAX)}
          data-testid="recommend-note"
        />
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" size="large" block loading={recommend.isPending} data-testid="recommend-submit">
        {t('daf.submitRecommend')}
      </Button>
    </Form>
  );
}

function RecommendationRow({ recommendation }: { recommendation: RecommendationView }) {
  const { t, i18n } = useTranslation();
  return (
    <Flex vertical gap={4} className="gl-entry" data-testid="daf-recommendation" data-status={recommendation.status}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {t('daf.to', { target: recommendation.targetName })}
        </Typography.Text>
        <Typography.Text strong style={{ flex: 'none' }}>
          {formatFen(recommendation.amount)}
        </Typography.Text>
      </Flex>
      <Flex gap={6} align="center" wrap>
        <RecommendationStatusTag status={recommendation.status} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(recommendation.decidedAt ?? recommendation.createdAt, i18n.language)}
        </Typography.Text>
      </Flex>
      {recommendation.note && <Typography.Text type="secondary">{recommendation.note}</Typography.Text>}
      {recommendation.reason && (
        <Typography.Text type="danger">{t('daf.reason', { reason: recommendation.reason })}</Typography.Text>
      )}
    </Flex>
  );
}

export default function DafDetailPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const wellFormed = UUID.test(id);
  const query = useDaf(id, { enabled: wellFormed });
  usePageTitle(query.data?.name);

  const notFound = <PageNotFound message={t('daf.notFound')} backTo="/me/daf" backLabel={t('daf.title')} />;
  if (!wellFormed) return notFound;
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    if (isApiError(query.error) && (query.error.statusCode === 404 || query.error.statusCode === 403)) return notFound;
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const daf = query.data;
  const grants = daf.recommendations.filter((r) => r.status === 'paid');

  return (
    <Flex vertical gap={12} data-testid="daf-detail" data-fund-id={daf.id}>
      <DonationsNav />
      <Link to="/me/daf">← {t('common.back')}</Link>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0, overflowWrap: 'anywhere' }}>
          {daf.name}
        </Typography.Title>
        <Typography.Text type="secondary">{t('give.holder', { name: daf.orgName })}</Typography.Text>
        <Row gutter={[16, 12]} style={{ marginTop: 12 }}>
          <Col xs={12} sm={8}>
            <Statistic
              title={t('daf.balance')}
              value={daf.balance}
              formatter={() => formatFen(daf.balance)}
              data-testid="daf-balance"
            />
          </Col>
          <Col xs={12} sm={8}>
            <Statistic
              title={t('daf.available')}
              value={daf.available}
              formatter={() => formatFen(daf.available)}
              data-testid="daf-available"
            />
          </Col>
          <Col xs={12} sm={8}>
            <Statistic title={t('daf.committed')} value={daf.committed} formatter={() => formatFen(daf.committed)} />
          </Col>
        </Row>
        <Button
          block
          size="large"
          style={{ marginTop: 12 }}
          onClick={() => void navigate(`/give?fund=${daf.id}`)}
          data-testid="daf-give"
        >
          {t('daf.giveInto')}
        </Button>
      </Card>
      <Card size="small" title={t('daf.recommend')}>
        <RecommendForm daf={daf} />
      </Card>
      <Card size="small" title={t('daf.recommendations')}>
        {daf.recommendations.length === 0 ? (
          <Empty description={t('daf.noRecommendations')} />
        ) : (
          daf.recommendations.map((r) => <RecommendationRow key={r.id} recommendation={r} />)
        )}
      </Card>
      <Card size="small" title={t('daf.whereMoney')}>
        {grants.length === 0 ? (
          <Empty description={t('daf.noGrants')} />
        ) : (
          grants.map((r) => (
            <Flex key={r.id} justify="space-between" gap={8} className="gl-entry" data-testid="daf-grant">
              <Typography.Text style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{r.targetName}</Typography.Text>
              <Typography.Text strong style={{ flex: 'none' }}>
                {formatFen(r.amount)}
              </Typography.Text>
            </Flex>
          ))
        )}
      </Card>
      <Card size="small" title={t('daf.donations')}>
        {daf.donations.length === 0 ? (
          <Empty description={t('daf.noDonations')} />
        ) : (
          daf.donations.map((d) => (
            <Flex key={d.id} justify="space-between" align="center" gap={8} className="gl-entry" data-testid="daf-donation">
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(d.createdAt, i18n.language)}
                </Typography.Text>
                <DonationStatusTag status={d.status} />
              </Flex>
              <Typography.Text strong style={{ flex: 'none' }}>
                {formatFen(d.amount)}
              </Typography.Text>
            </Flex>
          ))
        )}
      </Card>
    </Flex>
  );
}
