import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { PageError, PageLoading, PageNotFound } from '../layout/page-state';
import { usePageTitle } from '../layout/page-title';
import { errorText } from '../lib/errors';
import { formatFen, formatPoints } from '../lib/format';
import { parseWholeNumber } from '../lib/money-input';
import { useWallet } from '../wallet/wallet.api';
import { validityText } from './reward-card';
import { formatDay, PledgeCategoryTag } from './reward-labels';
import { RedemptionResult } from './redemption-result';
import { RewardsNav } from './rewards-nav';
import { useRedeem, useReward, type RedemptionView, type RewardView } from './rewards.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The most this resident may redeem now: the per-resident limit less what they hold, and the stock. */
export function maxRedeemable(reward: Pick<RewardView, 'available' | 'perResidentLimit' | 'myRedeemed'>): number {
  return Math.max(0, Math.min(reward.available, reward.perResidentLimit - (reward.myRedeemed ?? 0)));
}

/** Why the reward cannot be redeemed now, or null when it can. */
function unavailableReason(reward: RewardView, t: TFunction, language: string): string | null {
  const now = Date.now();
  if (new Date(reward.validFrom).getTime() > now)
    return t('rewards.notYetValid', { date: formatDay(reward.validFrom, language) });
  if (reward.validTo && new Date(reward.validTo).getTime() <= now) return t('rewards.expired');
  if (reward.available <= 0) return t('rewards.soldOut');
  if (maxRedeemable(reward) <= 0) return t('rewards.limitReached');
  return null;
}

function RedeemPanel({ reward }: { reward: RewardView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const wallet = useWallet();
  const redeem = useRedeem();
  const [quantityText, setQuantityText] = useState('1');
  const [created, setCreated] = useState<RedemptionView | null>(null);
  // One key per intended redemption: a retry after a lost answer cannot redeem twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const [error, setError] = useState<string | null>(null);

  if (created) return <RedemptionResult created={created} />;

  if (!signedIn) {
    return (
      <Button
        type="primary"
        size="large"
        block
        onClick={() => void navigate('/login', { state: { from: location.pathname } })}
        data-testid="redeem-button"
      >
        {t('rewards.redeemToJoin')}
      </Button>
    );
  }

  const blocked = unavailableReason(reward, t, i18n.language);
  if (blocked) return <Alert type="info" showIcon title={blocked} data-testid="redeem-unavailable" />;

  const max = maxRedeemable(reward);
  const parsed = parseWholeNumber(quantityText, 1, max);
  const quantity = parsed.ok ? parsed.value : null;
  const quantityError = parsed.ok
    ? null
    : parsed.problem === 'decimals' || parsed.problem === 'format'
      ? t('rewards.quantityWhole')
      : t('rewards.quantityRange', { max });
  const total = quantity === null ? null : quantity * reward.pointsPrice;
  const available = wallet.data?.available;
  const shortBy = total !== null && available !== undefined && available < total ? total - available : 0;

  const step = (delta: number) => {
    const current = parseWholeNumber(quantityText, 1, max);
    const base = current.ok ? current.value : 1;
    setQuantityText(String(Math.min(max, Math.max(1, base + delta))));
  };

  const submit = async () => {
    if (quantity === null) return;
    setError(null);
    try {
      const result = await redeem.mutateAsync({ body: { rewardId: reward.id, quantity }, idempotencyKey });
      setIdempotencyKey(globalThis.crypto.randomUUID());
      setCreated(result);
      if (result.status === 'held') void message.success(t('rewards.held'));
    } catch (failure) {
      // An answer was had (not a network loss): the next press is a new attempt.
      if (isApiError(failure) && failure.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      setError(errorText(t, failure));
    }
  };

  return (
    <Flex vertical gap={12}>
      <Form layout="vertical" requiredMark={false} onFinish={() => undefined}>
        <Form.Item
          label={t('rewards.quantity')}
          validateStatus={quantityError ? 'error' : undefined}
          help={quantityError ?? t('rewards.limitValue', { n: formatPoints(max), unit: reward.unit })}
          style={{ marginBottom: 0 }}
        >
          <Flex gap={8} align="center">
            <Button
              size="large"
              aria-label={t('rewards.decrease')}
              onClick={() => step(-1)}
              disabled={quantity !== null && quantity <= 1}
            >
              −
            </Button>
            <Input
              size="large"
              inputMode="numeric"
              value={quantityText}
              onChange={(event) => setQuantityText(event.target.value)}
              aria-label={t('rewards.quantity')}
              style={{ textAlign: 'center', flex: 1, minWidth: 0 }}
              data-testid="redeem-quantity"
            />
            <Button
              size="large"
              aria-label={t('rewards.increase')}
              onClick={() => step(1)}
              disabled={quantity !== null && quantity >= max}
            >
              +
            </Button>
          </Flex>
        </Form.Item>
      </Form>
      {total !== null && (
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="redeem-total">
          {t('rewards.total', { points: formatPoints(total) })}
        </Typography.Text>
      )}
      {available !== undefined && (
        <Typography.Text type="secondary" data-testid="redeem-my-points">
          {t('rewards.myPoints', { points: formatPoints(available) })}
        </Typography.Text>
      )}
      {shortBy > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('rewards.notEnough', { points: formatPoints(shortBy) })}
          data-testid="redeem-not-enough"
        />
      )}
      {error && <Alert type="error" showIcon title={error} data-testid="redeem-error" />}
      <Popconfirm
        title={t('rewards.redeemConfirm', {
          points: formatPoints(total ?? 0),
          quantity: quantity ?? 0,
          unit: reward.unit,
          title: reward.title,
        })}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ size: 'large', 'data-testid': 'redeem-confirm' }}
        cancelButtonProps={{ size: 'large' }}
        onConfirm={() => void submit()}
        disabled={quantity === null || shortBy > 0}
      >
        <Button
          type="primary"
          size="large"
          block
          loading={redeem.isPending}
          disabled={quantity === null || shortBy > 0}
          data-testid="redeem-button"
        >
          {t('rewards.redeem')}
        </Button>
      </Popconfirm>
    </Flex>
  );
}

export default function RewardDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const wellFormed = UUID.test(id);
  const query = useReward(id, { enabled: wellFormed });
  usePageTitle(query.data?.title);

  const notFound = <PageNotFound message={t('rewards.notFound')} backTo="/rewards" backLabel={t('rewards.clearFilters')} />;
  if (!wellFormed) return notFound;
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.statusCode === 404) return notFound;
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const reward = query.data;

  return (
    <Flex vertical gap={12} data-testid="reward-detail" data-reward-id={reward.id}>
      <RewardsNav />
      <Link to="/rewards">← {t('common.back')}</Link>
      <Card>
        <Flex vertical gap={8}>
          <Flex gap={4} wrap>
            <PledgeCategoryTag category={reward.category} />
          </Flex>
          <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }}>
            {reward.title}
          </Typography.Title>
          <Typography.Text strong style={{ fontSize: 20 }} className="gl-points" data-testid="reward-price">
            {t('rewards.pointsPerUnit', { points: formatPoints(reward.pointsPrice), unit: reward.unit })}
          </Typography.Text>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'org', label: t('rewards.business'), children: reward.orgName },
              {
                key: 'stock',
                label: t('business.quantity'),
                children: (
                  <span data-testid="reward-stock">
                    {reward.available > 0
                      ? t('rewards.stockLeft', { n: formatPoints(reward.available), unit: reward.unit })
                      : t('rewards.soldOut')}
                  </span>
                ),
              },
              { key: 'place', label: t('rewards.pickupPlace'), children: reward.pickupPlace },
              { key: 'hours', label: t('rewards.pickupHours'), children: reward.pickupHours },
              { key: 'valid', label: t('rewards.validity'), children: validityText(reward, t, i18n.language) },
              {
                key: 'limit',
                label: t('rewards.limit'),
                children: t('rewards.limitValue', { n: formatPoints(reward.perResidentLimit), unit: reward.unit }),
              },
              ...(reward.unitValue > 0
                ? [{ key: 'value', label: t('rewards.value'), children: formatFen(reward.unitValue) }]
                : []),
            ]}
          />
          {reward.myRedeemed !== null && reward.myRedeemed > 0 && (
            <Typography.Text type="secondary" data-testid="reward-my-redeemed">
              {t('rewards.myRedeemed', { n: formatPoints(reward.myRedeemed), unit: reward.unit })}
            </Typography.Text>
          )}
          <RedeemPanel reward={reward} />
        </Flex>
      </Card>
      {reward.conditions && (
        <Card size="small" title={t('rewards.conditions')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{reward.conditions}</Typography.Paragraph>
        </Card>
      )}
    </Flex>
  );
}
