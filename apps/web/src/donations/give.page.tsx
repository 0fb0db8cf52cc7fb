import { Alert, Button, Card, Empty, Flex, Form, Input, Radio, Result, Spin, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { PageError, PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter, yuanRule } from '../lib/amount-rules';
import { applyFieldErrors, errorText } from '../lib/errors';
import { formatFen, formatPoints } from '../lib/format';
import { parseYuanToFen } from '../lib/money-input';
import { DonationsNav } from './donations-nav';
import { ReceiptButton } from './donation-labels';
import {
  DONATION_MESSAGE_MAX,
  MAX_DONATION_FEN,
  useCreateDonation,
  useDonation,
  useFunds,
  type CreatedDonationView,
  type FundView,
} from './donations.api';

interface GiveValues {
  fundId: string;
  amount: string;
  recurring: boolean;
  message?: string;
}

/** After "give": waits for the provider's confirmation, then offers the receipt. */
function DonationProgress({ created, onAgain }: { created: CreatedDonationView; onAgain: () => void }) {
  const { t } = useTranslation();
  const query = useDonation(created.id, created);
  const donation = query.data ?? created;
  if (donation.status === 'failed') {
    return (
      <Result
        status="error"
        title={t('give.failed')}
        data-testid="donation-result"
        data-status="failed"
        extra={
          <Button type="primary" size="large" onClick={onAgain}>
            {t('give.again')}
          </Button>
        }
      />
    );
  }
  if (donation.status !== 'confirmed' || !donation.receiptNumber) {
    return (
      <Card data-testid="donation-result" data-status="waiting">
        <Flex vertical align="center" gap={12} role="status">
          <Spin size="large" />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('give.waiting')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t('give.waitingHint')}
          </Typography.Text>
          <Typography.Text strong>{formatFen(donation.amount)}</Typography.Text>
          <Typography.Text type="secondary">{t('give.payment', { provider: created.payment.provider })}</Typography.Text>
          {query.isError && <PageError error={query.error} onRetry={() => void query.refetch()} />}
        </Flex>
      </Card>
    );
  }
  return (
    <Result
      status="success"
      title={t('give.confirmed')}
      subTitle={`${donation.fundName} · ${formatFen(donation.amount)}`}
      data-testid="donation-result"
      data-status="confirmed"
      extra={
        <Flex vertical gap={12} style={{ maxWidth: 360, margin: '0 auto' }}>
          <Typography.Text>
            {t('give.receiptNumber')}：
            <Typography.Text strong copyable data-testid="receipt-number">
              {donation.receiptNumber}
            </Typography.Text>
          </Typography.Text>
          <ReceiptButton donation={donation} block />
          <Button size="large" block onClick={onAgain}>
            {t('give.again')}
          </Button>
        </Flex>
      }
    />
  );
}

function FundOption({ fund }: { fund: FundView }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {fund.name}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
        {t(`fundKinds.${fund.kind}`)} · {t('give.holder', { name: fund.orgName })}
      </Typography.Text>
      <Typography.Text style={{ fontSize: 13 }} data-testid="fund-balance">
        {t('give.balance')} {formatFen(fund.balance)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('give.received', { amount: formatFen(fund.received), n: formatPoints(fund.donationCount) })}
      </Typography.Text>
    </Flex>
  );
}

const FORM_FIELDS = ['fundId', 'amount', 'recurring', 'message'] as const;

/** 捐赠: choose a fund, the amount in yuan (read as digits, never as a float), once or monthly. */
export default function GivePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const funds = useFunds();
  const create = useCreateDonation();
  const [form] = Form.useForm<GiveValues>();
  const [created, setCreated] = useState<CreatedDonationView | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // One key per intended gift: "give" pressed again after a lost answer cannot charge twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const fundId = Form.useWatch('fundId', form);
  const amountText = Form.useWatch('amount', form);

  const again = () => {
    setCreated(null);
    setIdempotencyKey(globalThis.crypto.randomUUID());
    form.resetFields(['amount', 'message', 'recurring']);
  };

  const header = (
    <>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('give.title')}
      </Typography.Title>
      <DonationsNav />
    </>
  );

  if (created) {
    return (
      <Flex vertical gap={12}>
        {header}
        <DonationProgress created={created} onAgain={again} />
      </Flex>
    );
  }
  if (funds.isPending) {
    return (
      <Flex vertical gap={12}>
        {header}
        <PageLoading variant="list" />
      </Flex>
    );
  }
  if (funds.isError) {
    return (
      <Flex vertical gap={12}>
        {header}
        <PageError error={funds.error} onRetry={() => void funds.refetch()} />
      </Flex>
    );
  }
  const list = funds.data;
  const chosen = list.find((fund) => fund.id === fundId);
  const maxFen = chosen?.maxDonation ?? MAX_DONATION_FEN;
  const parsed = parseYuanToFen(amountText, { max: maxFen });
  const requested = params.get('fund');
  const initialFund = list.find((fund) => fund.id === requested)?.id ?? (list.length === 1 ? list[0]?.id : undefined);

  const submit = async (values: GiveValues) => {
    const amount = parseYuanToFen(values.amount, { max: maxFen });
    if (!amount.ok) return;
    setFormError(null);
    const message = values.message?.trim();
    try {
      const donation = await create.mutateAsync({
        body: {
          fundId: values.fundId,
          amount: amount.value,
          ...(values.recurring ? { recurring: true } : {}),
          ...(message ? { message } : {}),
        },
        idempotencyKey,
      });
      setCreated(donation);
    } catch (error) {
      if (isApiError(error) && error.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      const unplaced = applyFieldErrors(form, error, FORM_FIELDS);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : hasFieldErrors ? null : errorText(t, error));
    }
  };

  return (
    <Flex vertical gap={12}>
      {header}
      <Typography.Text type="secondary">{t('give.intro')}</Typography.Text>
      {list.length === 0 ? (
        <Empty description={t('give.fundsEmpty')} data-testid="funds-empty" />
      ) : (
        <Card>
          <Form<GiveValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ fundId: initialFund, recurring: false }}
            onFinish={(values) => void submit(values)}
            scrollToFirstError={{ block: 'center', behavior: 'smooth' }}
            data-testid="give-form"
          >
            <Form.Item name="fundId" label={t('give.funds')} rules={[{ required: true, message: t('give.fundRequired') }]}>
              <Radio.Group style={{ width: '100%' }} data-testid="give-fund">
                <Flex vertical gap={8}>
                  {list.map((fund) => (
                    <Radio key={fund.id} value={fund.id} className="gl-choice" data-testid="fund-option" data-fund-id={fund.id}>
                      <FundOption fund={fund} />
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('give.amount')}
              extra={t('give.amountHint', { max: formatFen(maxFen) })}
              rules={[yuanRule(t, { min: 1, max: maxFen })]}
            >
              <Input
                size="large"
                inputMode="decimal"
                autoComplete="off"
                prefix="¥"
                placeholder="100.00"
                data-testid="give-amount"
              />
            </Form.Item>
            <Form.Item name="recurring" label={t('give.monthly')} extra={t('give.monthlyHint')} valuePropName="checked">
              <Switch data-testid="give-monthly" />
            </Form.Item>
            <Form.Item name="message" label={t('give.message')} rules={[maxTextRule(t, DONATION_MESSAGE_MAX)]}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                count={textCounter(DONATION_MESSAGE_MAX)}
                data-testid="give-message"
              />
            </Form.Item>
            {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="give-error" />}
            <Button type="primary" htmlType="submit" size="large" block loading={create.isPending} data-testid="give-submit">
              {parsed.ok ? t('give.submit', { amount: formatFen(parsed.value) }) : t('give.submitNoAmount')}
            </Button>
          </Form>
        </Card>
      )}
    </Flex>
  );
}
