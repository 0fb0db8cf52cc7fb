import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REASON_MAX,
  useDecideRecommendation,
  usePendingRecommendations,
  type RecommendationView,
} from '../donations/donations.api';
import { PageError, PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { formatDateTime, formatFen } from '../lib/format';
import { FoundationNav } from './foundation-staff';

function DeclineDialog({ recommendation, onClose }: { recommendation: RecommendationView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const decide = useDecideRecommendation();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setError(null);
    try {
      await decide.mutateAsync({ id: recommendation.id, action: 'decline', reason: values.reason.trim() });
      void message.success(t('staffRecommendations.declined'));
      onClose();
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };
  return (
    <Modal
      open
      title={t('staffRecommendations.declineTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('staffRecommendations.decline')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: decide.isPending, 'data-testid': 'decline-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('staffRecommendations.reason')}
          rules={[
            { required: true, whitespace: true, message: t('staffRecommendations.reasonRequired') },
            maxTextRule(t, REASON_MAX),
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={textCounter(REASON_MAX)} data-testid="decline-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function RecommendationCard({ recommendation, onDecline }: { recommendation: RecommendationView; onDecline: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideRecommendation();
  const [idempotencyKey] = useState(() => `approve-${recommendation.id}-${globalThis.crypto.randomUUID()}`);
  const approve = async () => {
    try {
      await decide.mutateAsync({ id: recommendation.id, action: 'approve', idempotencyKey });
      void message.success(t('staffRecommendations.approved'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };
  return (
    <Card size="small" data-testid="pending-recommendation" data-recommendation-id={recommendation.id}>
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {recommendation.targetName}
          </Typography.Text>
          <Typography.Text strong style={{ flex: 'none', fontSize: 16 }}>
            {formatFen(recommendation.amount)}
          </Typography.Text>
        </Flex>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'fund', label: t('staffRecommendations.fund'), children: recommendation.fundName },
            {
              key: 'target',
              label: t('staffRecommendations.target'),
              children: `${recommendation.targetName}（${recommendation.targetKind === 'fund' ? t('daf.targetFund') : t('daf.targetOrg')}）`,
            },
            ...(recommendation.applicationRef
              ? [{ key: 'app', label: t('staffRecommendations.application'), children: recommendation.applicationRef }]
              : []),
            ...(recommendation.note
              ? [{ key: 'note', label: t('staffRecommendations.note'), children: recommendation.note }]
              : []),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(recommendation.createdAt, i18n.language)}
        </Typography.Text>
        <Flex gap={8}>
          <Popconfirm
            title={t('staffRecommendations.approveConfirm', {
              fund: recommendation.fundName,
              target: recommendation.targetName,
              amount: formatFen(recommendation.amount),
            })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => void approve()}
          >
            <Button
              type="primary"
              size="large"
              style={{ flex: 1 }}
              loading={decide.isPending}
              data-testid="approve-recommendation"
            >
              {t('staffRecommendations.approve')}
            </Button>
          </Popconfirm>
          <Button danger size="large" style={{ flex: 1 }} onClick={onDecline} data-testid="decline-recommendation">
            {t('staffRecommendations.decline')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

/** 基金建议审批: grants donors recommend from their funds, approved or declined with a reason. */
export default function StaffRecommendationsPage() {
  const { t } = useTranslation();
  const query = usePendingRecommendations();
  const [declining, setDeclining] = useState<RecommendationView | null>(null);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('staffRecommendations.title')}
      </Typography.Title>
      <FoundationNav />
      <Typography.Text type="secondary">{t('staffRecommendations.hint')}</Typography.Text>
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <Empty description={t('staffRecommendations.empty')} data-testid="recommendations-empty" />
      ) : (
        <Flex vertical gap={12}>
          {query.data.map((r) => (
            <RecommendationCard key={r.id} recommendation={r} onDecline={() => setDeclining(r)} />
          ))}
        </Flex>
      )}
      {declining && <DeclineDialog recommendation={declining} onClose={() => setDeclining(null)} />}
    </Flex>
  );
}
