import { Card, Flex, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatPoints } from '../lib/format';
import { formatDay, PledgeCategoryTag } from './reward-labels';
import type { RewardView } from './rewards.api';

/** "2026年12月31日 前可兑换", "长期有效" or a range, as the catalogue and detail say it. */
export function validityText(
  reward: Pick<RewardView, 'validFrom' | 'validTo'>,
  t: TFunction,
  language: string,
  now = Date.now(),
): string {
  if (new Date(reward.validFrom).getTime() > now) {
    return reward.validTo
      ? t('rewards.validRange', { from: formatDay(reward.validFrom, language), to: formatDay(reward.validTo, language) })
      : t('rewards.validFrom', { date: formatDay(reward.validFrom, language) });
  }
  return reward.validTo ? t('rewards.validUntil', { date: formatDay(reward.validTo, language) }) : t('rewards.noExpiry');
}

export function RewardCard({ reward }: { reward: RewardView }) {
  const { t, i18n } = useTranslation();
  const soldOut = reward.available <= 0;
  return (
    <Link to={`/rewards/${reward.id}`} className="gl-card-link" data-testid="reward-card" data-reward-id={reward.id}>
      <Card size="small" hoverable>
        <Flex vertical gap={6}>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Text strong style={{ fontSize: 16, minWidth: 0, overflowWrap: 'anywhere' }}>
              {reward.title}
            </Typography.Text>
            <PledgeCategoryTag category={reward.category} />
          </Flex>
          <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
            {reward.orgName}
          </Typography.Text>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text strong className="gl-points" data-testid="reward-price">
              {t('rewards.pointsPerUnit', { points: formatPoints(reward.pointsPrice), unit: reward.unit })}
            </Typography.Text>
            {soldOut ? (
              <Tag>{t('rewards.soldOut')}</Tag>
            ) : (
              <Typography.Text type="secondary" data-testid="reward-stock">
                {t('rewards.stockLeft', { n: formatPoints(reward.available), unit: reward.unit })}
              </Typography.Text>
            )}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
            {reward.pickupPlace} · {reward.pickupHours}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {validityText(reward, t, i18n.language)}
          </Typography.Text>
        </Flex>
      </Card>
    </Link>
  );
}
