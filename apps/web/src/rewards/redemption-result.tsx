import { Alert, Button, Card, Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PickupCode } from './pickup-code';
import { RedemptionStatusTag } from './reward-labels';
import { useRedemption, type RedemptionView } from './rewards.api';

/** Why the ledger refused, in words: INSUFFICIENT_FUNDS is "not enough points". */
export function useRefusalText() {
  const { t } = useTranslation();
  return (refusal: string | null) =>
    refusal === 'INSUFFICIENT_FUNDS' || refusal === 'INSUFFICIENT_POINTS' ? t('rewards.insufficientFunds') : (refusal ?? '');
}

/**
 * What came of pressing "redeem": the pickup code once the points are held; while the ledger has
 * not answered (202 holding), the redemption is read again every 1.5 s until it is held or refused.
 */
export function RedemptionResult({ created }: { created: RedemptionView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refusalText = useRefusalText();
  const query = useRedemption(created.id, created);
  const redemption = query.data ?? created;
  return (
    <Card size="small" data-testid="redemption-result" data-status={redemption.status}>
      <Flex vertical gap={12} align="stretch">
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {redemption.rewardTitle}
          </Typography.Text>
          <RedemptionStatusTag status={redemption.status} />
        </Flex>
        {redemption.status === 'holding' && (
          <Flex gap={8} align="center" role="status" data-testid="redemption-holding">
            <Spin size="small" />
            <Typography.Text>{t('rewards.holding')}</Typography.Text>
          </Flex>
        )}
        {redemption.status === 'held' && (
          <>
            <Alert type="success" showIcon title={t('rewards.held')} />
            <PickupCode redemption={redemption} />
          </>
        )}
        {redemption.status === 'refused' && (
          <Alert
            type="error"
            showIcon
            data-testid="redemption-refused"
            title={
              redemption.refusal
                ? t('rewards.refused', { reason: refusalText(redemption.refusal) })
                : t('rewards.refusedNoReason')
            }
          />
        )}
        <Button block size="large" onClick={() => void navigate('/me/redemptions')} data-testid="view-my-redemptions">
          {t('rewards.viewMine')}
        </Button>
      </Flex>
    </Card>
  );
}
