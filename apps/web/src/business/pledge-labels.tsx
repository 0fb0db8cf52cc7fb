import { Card, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen, formatPoints } from '../lib/format';
import { formatDay, PledgeCategoryTag } from '../rewards/reward-labels';
import type { PledgeStatus, PledgeView } from './business.api';

const PLEDGE_COLORS: Record<PledgeStatus, string | undefined> = {
  pledged: 'gold',
  in_stock: 'processing',
  allocated: 'cyan',
  delivered: 'success',
  cancelled: undefined,
};

export function PledgeStatusTag({ status }: { status: PledgeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PLEDGE_COLORS[status]} data-testid="pledge-status" data-status={status}>
      {t(`pledgeStatus.${status}`)}
    </Tag>
  );
}

/** One pledge as the business and the foundation's staff see it; `actions` below it. */
export function PledgeCard({ pledge, showOrg, actions }: { pledge: PledgeView; showOrg?: boolean; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" data-testid="pledge-card" data-pledge-id={pledge.id} data-status={pledge.status}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {pledge.item}
          </Typography.Text>
          <Flex gap={4} style={{ flex: 'none' }}>
            <PledgeCategoryTag category={pledge.category} />
            <PledgeStatusTag status={pledge.status} />
          </Flex>
        </Flex>
        {showOrg && <Typography.Text type="secondary">{pledge.orgName}</Typography.Text>}
        <Typography.Text>
          {t('business.pledgeLine', {
            quantity: formatPoints(pledge.quantity),
            unit: pledge.unit,
            value: formatFen(pledge.unitValue),
          })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
          {pledge.pickupPlace} · {pledge.pickupHours}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('business.expires', { date: formatDay(`${pledge.expiresOn}T00:00:00`, i18n.language) })}
        </Typography.Text>
        {pledge.status !== 'pledged' && pledge.status !== 'cancelled' && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="pledge-progress">
            {t('business.progress', {
              received: formatPoints(pledge.receivedQuantity ?? 0),
              inStock: formatPoints(pledge.inStock),
              allocated: formatPoints(pledge.allocated),
              delivered: formatPoints(pledge.delivered),
            })}
          </Typography.Text>
        )}
        {pledge.conditions && (
          <Typography.Text type="secondary" style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>
            {pledge.conditions}
          </Typography.Text>
        )}
        {pledge.cancelReason && (
          <Typography.Text type="danger">{t('business.cancelReason', { reason: pledge.cancelReason })}</Typography.Text>
        )}
        {actions}
      </Flex>
    </Card>
  );
}
