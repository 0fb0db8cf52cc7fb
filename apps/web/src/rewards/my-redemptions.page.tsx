import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { errorText } from '../lib/errors';
import { formatDateTime, formatPoints } from '../lib/format';
import { PickupCode } from './pickup-code';
import { useRefusalText } from './redemption-result';
import { RedemptionStatusTag } from './reward-labels';
import { RewardsNav } from './rewards-nav';
import { useCancelRedemption, useMyRedemptions, type RedemptionView } from './rewards.api';

function RedemptionCard({ redemption }: { redemption: RedemptionView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelRedemption();
  const refusalText = useRefusalText();

  const doCancel = async () => {
    try {
      await cancel.mutateAsync(redemption.id);
      void message.success(t('rewards.cancelled'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Card size="small" data-testid="my-redemption" data-redemption-id={redemption.id} data-status={redemption.status}>
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {redemption.rewardTitle}
          </Typography.Text>
          <RedemptionStatusTag status={redemption.status} />
        </Flex>
        <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
          {redemption.orgName}
        </Typography.Text>
        <Typography.Text>
          {t('rewards.quantityLine', { quantity: formatPoints(redemption.quantity), points: formatPoints(redemption.points) })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rewards.at', { date: formatDateTime(redemption.createdAt, i18n.language) })}
        </Typography.Text>
        {redemption.status === 'held' && <PickupCode redemption={redemption} />}
        {redemption.status === 'fulfilled' && redemption.fulfilledAt && (
          <Typography.Text type="success">
            {t('rewards.fulfilledAt', { date: formatDateTime(redemption.fulfilledAt, i18n.language) })}
          </Typography.Text>
        )}
        {redemption.status === 'refused' && (
          <Alert
            type="error"
            title={
              redemption.refusal
                ? t('rewards.refusal', { reason: refusalText(redemption.refusal) })
                : t('rewards.refusedNoReason')
            }
          />
        )}
        {redemption.status === 'held' && (
          <Popconfirm
            title={t('rewards.cancelConfirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => void doCancel()}
          >
            <Button danger block size="large" loading={cancel.isPending} data-testid="cancel-redemption">
              {t('rewards.cancel')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    </Card>
  );
}

/** 我的兑换: every redemption with its status; held ones show the pickup code and may be cancelled. */
export default function MyRedemptionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useMyRedemptions();
  const redemptions = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('rewards.mineTitle')}
      </Typography.Title>
      <RewardsNav />
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : redemptions.length === 0 ? (
        <Empty description={t('rewards.mineEmpty')} data-testid="my-redemptions-empty">
          <Button type="primary" onClick={() => void navigate('/rewards')}>
            {t('rewards.goCatalogue')}
          </Button>
        </Empty>
      ) : (
        <Flex vertical gap={12} data-testid="my-redemptions">
          {redemptions.map((redemption) => (
            <RedemptionCard key={redemption.id} redemption={redemption} />
          ))}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
            testId="my-redemptions-load-more"
          />
        </Flex>
      )}
    </Flex>
  );
}
