import { Alert, Button, Card, Empty, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { errorText } from '../lib/errors';
import { formatDateTime, formatPoints } from '../lib/format';
import type { RedemptionView } from '../rewards/rewards.api';

/** Eight digits, optionally split 4 + 4 by one space, as the resident's screen shows them. */
const TYPED_CODE = /^\s*\d{4} ?\d{4}\s*$/;
import { BusinessHeader, useCurrentBusiness } from './business-shell';
import { useConfirmPickup, useOrgRedemptions } from './business.api';

function CodeForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const confirm = useConfirmPickup();
  const toCode = (typed: string) => typed.replace(' ', '');
  const [done, setDone] = useState<RedemptionView | null>(null);

  const submit = async ({ code }: { code: string }) => {
    setDone(null);
    try {
      const redemption = await confirm.mutateAsync({ orgId, code: toCode(code.trim()) });
      setDone(redemption);
      form.resetFields();
    } catch (error) {
      // A wrong or locked code is the code field's business: say so next to it.
      const text =
        isApiError(error) && error.fieldErrors('code').length > 0 ? error.fieldErrors('code').join('; ') : errorText(t, error);
      form.setFields([{ name: 'code', errors: [text] }]);
    }
  };

  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('business.codeHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
        data-testid="pickup-form"
      >
        <Form.Item
          name="code"
          label={t('business.code')}
          // The code is shown as "1234 5678": one space in the middle is read as the same code.
          rules={[{ required: true, pattern: TYPED_CODE, message: t('business.codeInvalid') }]}
        >
          <Input
            size="large"
            inputMode="numeric"
            autoComplete="off"
            placeholder="00000000"
            className="gl-code-input gl-pickup-input"
            data-testid="pickup-code-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={confirm.isPending} data-testid="pickup-submit">
          {t('business.confirmPickup')}
        </Button>
      </Form>
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="pickup-done"
          title={t('business.pickedUp', {
            title: done.rewardTitle,
            quantity: formatPoints(done.quantity),
            resident: done.resident,
          })}
        />
      )}
    </Card>
  );
}

function HeldList({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const query = useOrgRedemptions(orgId, 'held');
  if (query.isPending) return <PageLoading variant="list" />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const held = query.data.pages.flatMap((page) => page.items);
  if (held.length === 0) return <Empty description={t('business.heldEmpty')} data-testid="held-empty" />;
  return (
    <Card size="small">
      {held.map((r) => (
        <Flex key={r.id} vertical gap={2} className="gl-entry" data-testid="held-redemption">
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {r.rewardTitle}
          </Typography.Text>
          <Typography.Text>
            {t('business.heldLine', { resident: r.resident, quantity: formatPoints(r.quantity) })}
          </Typography.Text>
          {r.expiresAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('business.heldUntil', { date: formatDateTime(r.expiresAt, i18n.language) })}
            </Typography.Text>
          )}
        </Flex>
      ))}
      <div style={{ marginTop: 12, textAlign: 'center' }}>
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
          testId="held-load-more"
        />
      </div>
    </Card>
  );
}

/** 核销: the business types the resident's 8-digit code to confirm the hand-over. */
export default function BusinessPickupsPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentBusiness();
  return (
    <Flex vertical gap={12}>
      <BusinessHeader title={t('business.pickupsTitle')} />
      {orgId && (
        <>
          <CodeForm key={orgId} orgId={orgId} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('business.heldTitle')}
          </Typography.Title>
          <HeldList orgId={orgId} />
        </>
      )}
    </Flex>
  );
}
