import { Alert, App, Button, Card, Empty, Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter, wholeRule, yuanRule } from '../lib/amount-rules';
import { applyFieldErrors, errorText } from '../lib/errors';
import { parseWholeNumber, parseYuanToFen } from '../lib/money-input';
import { PLEDGE_CATEGORIES, type PledgeCategory } from '../rewards/rewards.api';
import { BusinessHeader, useCurrentBusiness } from './business-shell';
import { CancelPledgeDialog } from './cancel-pledge-dialog';
import { PLEDGE_LIMITS, useCreatePledge, usePledges, type PledgeView } from './business.api';
import { PledgeCard } from './pledge-labels';

interface PledgeValues {
  item: string;
  category: PledgeCategory;
  quantity: string;
  unit: string;
  unitValue: string;
  expiresOn: string;
  pickupPlace: string;
  pickupHours: string;
  conditions?: string;
}

const FORM_FIELDS = [
  'item',
  'category',
  'quantity',
  'unit',
  'unitValue',
  'expiresOn',
  'pickupPlace',
  'pickupHours',
  'conditions',
] as const;

/** Today as "YYYY-MM-DD" in local time: the earliest a pledge may be good until. */
export function todayLocal(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function PledgeForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PledgeValues>();
  const create = useCreatePledge();
  const [formError, setFormError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const today = todayLocal();

  const submit = async (values: PledgeValues) => {
    const quantity = parseWholeNumber(values.quantity, 1, PLEDGE_LIMITS.quantityMax);
    const unitValue = parseYuanToFen(values.unitValue, { min: 0, max: PLEDGE_LIMITS.unitValueMaxFen });
    if (!quantity.ok || !unitValue.ok) return;
    setFormError(null);
    const conditions = values.conditions?.trim();
    try {
      await create.mutateAsync({
        body: {
          orgId,
          item: values.item.trim(),
          category: values.category,
          quantity: quantity.value,
          unit: values.unit.trim(),
          unitValue: unitValue.value,
          expiresOn: values.expiresOn,
          pickupPlace: values.pickupPlace.trim(),
          pickupHours: values.pickupHours.trim(),
          ...(conditions ? { conditions } : {}),
        },
        idempotencyKey,
      });
      setIdempotencyKey(globalThis.crypto.randomUUID());
      void message.success(t('business.pledged'));
      form.resetFields();
    } catch (error) {
      if (isApiError(error) && error.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      const unplaced = applyFieldErrors(form, error, FORM_FIELDS);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : hasFieldErrors ? null : errorText(t, error));
    }
  };

  const required = (message: string) => ({ required: true, whitespace: true, message });

  return (
    <Card size="small" title={t('business.pledgeForm')}>
      <Form<PledgeValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
        scrollToFirstError={{ block: 'center', behavior: 'smooth' }}
        initialValues={{ category: 'goods' }}
        data-testid="pledge-form"
      >
        <Form.Item
          name="item"
          label={t('business.item')}
          rules={[required(t('business.itemRequired')), maxTextRule(t, PLEDGE_LIMITS.itemMax)]}
        >
          <Input size="large" count={textCounter(PLEDGE_LIMITS.itemMax)} data-testid="pledge-item" />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('business.category')}
          rules={[{ required: true, message: t('business.categoryRequired') }]}
        >
          <Select
            size="large"
            options={PLEDGE_CATEGORIES.map((c) => ({ value: c, label: t(`pledgeCategories.${c}`) }))}
            data-testid="pledge-category"
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="quantity"
            label={t('business.quantity')}
            rules={[wholeRule(t, 1, PLEDGE_LIMITS.quantityMax)]}
            style={{ flex: 1, minWidth: 0 }}
          >
            <Input size="large" inputMode="numeric" autoComplete="off" data-testid="pledge-quantity" />
          </Form.Item>
          <Form.Item
            name="unit"
            label={t('business.unit')}
            rules={[required(t('business.unitRequired')), maxTextRule(t, PLEDGE_LIMITS.unitMax)]}
            style={{ flex: 1, minWidth: 0 }}
          >
            <Input size="large" placeholder={t('business.unitPlaceholder')} data-testid="pledge-unit" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="unitValue"
          label={t('business.unitValue')}
          rules={[yuanRule(t, { min: 0, max: PLEDGE_LIMITS.unitValueMaxFen })]}
        >
          <Input size="large" inputMode="decimal" autoComplete="off" prefix="¥" data-testid="pledge-unit-value" />
        </Form.Item>
        <Form.Item
          name="expiresOn"
          label={t('business.expiresOn')}
          rules={[
            { required: true, message: t('business.expiresOnRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value) return;
                if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(t('business.expiresOnRequired'));
                if (value < todayLocal()) throw new Error(t('business.expiresInPast'));
              },
            },
          ]}
        >
          <Input size="large" type="date" min={today} data-testid="pledge-expires-on" />
        </Form.Item>
        <Form.Item
          name="pickupPlace"
          label={t('business.pickupPlace')}
          rules={[required(t('business.pickupPlaceRequired')), maxTextRule(t, PLEDGE_LIMITS.placeMax)]}
        >
          <Input size="large" data-testid="pledge-pickup-place" />
        </Form.Item>
        <Form.Item
          name="pickupHours"
          label={t('business.pickupHours')}
          rules={[required(t('business.pickupHoursRequired')), maxTextRule(t, PLEDGE_LIMITS.hoursMax)]}
        >
          <Input size="large" placeholder={t('business.pickupHoursPlaceholder')} data-testid="pledge-pickup-hours" />
        </Form.Item>
        <Form.Item name="conditions" label={t('business.conditions')} rules={[maxTextRule(t, PLEDGE_LIMITS.conditionsMax)]}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            count={textCounter(PLEDGE_LIMITS.conditionsMax)}
            data-testid="pledge-conditions"
          />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="pledge-error" />}
        <Button type="primary" htmlType="submit" size="large" block loading={create.isPending} data-testid="pledge-submit">
          {t('business.submitPledge')}
        </Button>
      </Form>
    </Card>
  );
}

function PledgeList({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const query = usePledges({ orgId });
  const [cancelling, setCancelling] = useState<PledgeView | null>(null);
  if (query.isPending) return <PageLoading variant="list" />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const pledges = query.data.pages.flatMap((page) => page.items);
  if (pledges.length === 0) return <Empty description={t('business.pledgesEmpty')} data-testid="pledges-empty" />;
  return (
    <Flex vertical gap={12} data-testid="business-pledges">
      {pledges.map((pledge) => (
        <PledgeCard
          key={pledge.id}
          pledge={pledge}
          actions={
            pledge.status === 'pledged' ? (
              <Button danger block onClick={() => setCancelling(pledge)} data-testid="cancel-pledge">
                {t('business.cancelPledge')}
              </Button>
            ) : undefined
          }
        />
      ))}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
        testId="business-pledges-load-more"
      />
      {cancelling && (
        <CancelPledgeDialog pledge={cancelling} title={t('business.cancelPledgeTitle')} onClose={() => setCancelling(null)} />
      )}
    </Flex>
  );
}

/** 我的捐赠物资: pledge goods, course seats or a service, and follow each pledge's way. */
export default function BusinessPledgesPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentBusiness();
  return (
    <Flex vertical gap={12}>
      <BusinessHeader title={t('business.pledgesTitle')} />
      {orgId && (
        <>
          <PledgeForm key={orgId} orgId={orgId} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('business.pledgesTab')}
          </Typography.Title>
          <PledgeList orgId={orgId} />
        </>
      )}
    </Flex>
  );
}
