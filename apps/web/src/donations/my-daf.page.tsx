import { Alert, App, Button, Card, Empty, Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import { PageError, PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter } from '../lib/amount-rules';
import { applyFieldErrors, errorText } from '../lib/errors';
import { formatFen } from '../lib/format';
import { DonationsNav } from './donations-nav';
import { DAF_NAME_MAX, useMyDafs, useOpenDaf, useOrgs, type FundView } from './donations.api';

interface OpenValues {
  name: string;
  orgId: string;
}

function OpenDafForm({ onOpened }: { onOpened: (fund: FundView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const foundations = useOrgs('foundation');
  const open = useOpenDaf();
  const [form] = Form.useForm<OpenValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const options = (foundations.data ?? []).map((org) => ({ value: org.id, label: org.name }));

  const submit = async (values: OpenValues) => {
    setFormError(null);
    try {
      const fund = await open.mutateAsync({ body: { name: values.name.trim(), orgId: values.orgId }, idempotencyKey });
      setIdempotencyKey(globalThis.crypto.randomUUID());
      void message.success(t('daf.opened'));
      form.resetFields();
      onOpened(fund);
    } catch (error) {
      if (isApiError(error) && error.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      const unplaced = applyFieldErrors(form, error, ['name', 'orgId']);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : hasFieldErrors ? null : errorText(t, error));
    }
  };

  return (
    <Card size="small" title={t('daf.open')}>
      <Form<OpenValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
        initialValues={{ orgId: options.length === 1 ? options[0]?.value : undefined }}
        data-testid="open-daf-form"
      >
        <Form.Item
          name="name"
          label={t('daf.name')}
          rules={[{ required: true, whitespace: true, message: t('daf.nameRequired') }, maxTextRule(t, DAF_NAME_MAX)]}
        >
          <Input size="large" count={textCounter(DAF_NAME_MAX)} data-testid="daf-name" />
        </Form.Item>
        <Form.Item name="orgId" label={t('daf.host')} rules={[{ required: true, message: t('daf.hostRequired') }]}>
          <Select
            size="large"
            loading={foundations.isPending}
            options={options}
            notFoundContent={foundations.isError ? errorText(t, foundations.error) : t('daf.noFoundations')}
            data-testid="daf-host"
          />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" size="large" block loading={open.isPending} data-testid="daf-open-submit">
          {t('daf.open')}
        </Button>
      </Form>
    </Card>
  );
}

/** 捐赠人建议基金: my donor-advised funds, and opening one at a foundation. */
export default function MyDafPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dafs = useMyDafs();
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('daf.title')}
      </Typography.Title>
      <DonationsNav />
      <Typography.Text type="secondary">{t('daf.intro')}</Typography.Text>
      {dafs.isPending ? (
        <PageLoading variant="list" />
      ) : dafs.isError ? (
        <PageError error={dafs.error} onRetry={() => void dafs.refetch()} />
      ) : dafs.data.length === 0 ? (
        <Empty description={t('daf.empty')} data-testid="my-daf-empty" />
      ) : (
        <Flex vertical gap={12} data-testid="my-dafs">
          {dafs.data.map((fund) => (
            <Link key={fund.id} to={`/daf/${fund.id}`} className="gl-card-link" data-testid="my-daf">
              <Card size="small" hoverable>
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex vertical gap={2} style={{ minWidth: 0 }}>
                    <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                      {fund.name}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {t('give.holder', { name: fund.orgName })}
                    </Typography.Text>
                  </Flex>
                  <Flex vertical align="flex-end" style={{ flex: 'none' }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('daf.balance')}
                    </Typography.Text>
                    <Typography.Text strong>{formatFen(fund.balance)}</Typography.Text>
                  </Flex>
                </Flex>
              </Card>
            </Link>
          ))}
        </Flex>
      )}
      <OpenDafForm onOpened={(fund) => void navigate(`/daf/${fund.id}`)} />
    </Flex>
  );
}
