import { Alert, App, Button, Empty, Flex, Form, Input, Modal, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import {
  PLEDGE_LIMITS,
  PLEDGE_STATUSES,
  usePledges,
  useReceivePledge,
  useCreateReward,
  type PledgeStatus,
  type PledgeView,
} from '../business/business.api';
import { CancelPledgeDialog } from '../business/cancel-pledge-dialog';
import { PledgeCard } from '../business/pledge-labels';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter, wholeRule } from '../lib/amount-rules';
import { applyFieldErrors, errorText } from '../lib/errors';
import { localInputToIso } from '../lib/format';
import { parseWholeNumber } from '../lib/money-input';
import { FoundationNav } from './foundation-staff';

function ReceiveDialog({ pledge, onClose }: { pledge: PledgeView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ quantity: string; note?: string }>();
  const receive = useReceivePledge();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const quantity = parseWholeNumber(values.quantity, 1, PLEDGE_LIMITS.quantityMax);
    if (!quantity.ok) return;
    setError(null);
    const note = values.note?.trim();
    try {
      await receive.mutateAsync({ id: pledge.id, body: { quantity: quantity.value, ...(note ? { note } : {}) } });
      void message.success(t('staffPledges.receivedDone'));
      onClose();
    } catch (failure) {
      const unplaced = applyFieldErrors(form, failure, ['quantity', 'note']);
      setError(
        unplaced.length > 0
          ? unplaced.join('; ')
          : isApiError(failure) && failure.details.length > 0
            ? null
            : errorText(t, failure),
      );
    }
  };
  return (
    <Modal
      open
      title={t('staffPledges.receiveTitle', { item: pledge.item })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('staffPledges.receive')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: receive.isPending, 'data-testid': 'receive-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ quantity: String(pledge.quantity) }}>
        <Form.Item
          name="quantity"
          label={t('staffPledges.receiveQuantity')}
          extra={t('staffPledges.receiveHint', { n: pledge.quantity })}
          rules={[wholeRule(t, 1, PLEDGE_LIMITS.quantityMax)]}
        >
          <Input size="large" inputMode="numeric" suffix={pledge.unit} data-testid="receive-quantity" />
        </Form.Item>
        <Form.Item name="note" label={t('staffPledges.note')} rules={[maxTextRule(t, PLEDGE_LIMITS.noteMax)]}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            count={textCounter(PLEDGE_LIMITS.noteMax)}
            data-testid="receive-note"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

interface ListValues {
  pointsPrice: string;
  quantity: string;
  perResidentLimit: string;
  validFrom?: string;
  validTo?: string;
  title?: string;
}

function ListRewardDialog({ pledge, onClose }: { pledge: PledgeView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ListValues>();
  const create = useCreateReward();
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const price = parseWholeNumber(values.pointsPrice, 1, Number.MAX_SAFE_INTEGER);
    const quantity = parseWholeNumber(values.quantity, 1, pledge.inStock);
    const limit = parseWholeNumber(values.perResidentLimit, 1, PLEDGE_LIMITS.perResidentMax);
    if (!price.ok || !quantity.ok || !limit.ok) return;
    const validFrom = localInputToIso(values.validFrom);
    const validTo = localInputToIso(values.validTo);
    const title = values.title?.trim();
    setError(null);
    try {
      await create.mutateAsync({
        body: {
          pledgeId: pledge.id,
          pointsPrice: price.value,
          quantity: quantity.value,
          perResidentLimit: limit.value,
          ...(validFrom ? { validFrom } : {}),
          ...(validTo ? { validTo } : {}),
          ...(title ? { title } : {}),
        },
        idempotencyKey,
      });
      void message.success(t('staffPledges.listed'));
      onClose();
    } catch (failure) {
      if (isApiError(failure) && failure.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      const unplaced = applyFieldErrors(form, failure, [
        'pointsPrice',
        'quantity',
        'perResidentLimit',
        'validFrom',
        'validTo',
        'title',
      ]);
      setError(
        unplaced.length > 0
          ? unplaced.join('; ')
          : isApiError(failure) && failure.details.length > 0
            ? null
            : errorText(t, failure),
      );
    }
  };
  return (
    <Modal
      open
      title={t('staffPledges.listTitle', { item: pledge.item })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('staffPledges.list')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'list-reward-submit' }}
      destroyOnHidden
    >
      <Form<ListValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ quantity: String(pledge.inStock), perResidentLimit: '1' }}
      >
        <Form.Item
          name="pointsPrice"
          label={t('staffPledges.pointsPrice', { unit: pledge.unit })}
          rules={[wholeRule(t, 1, Number.MAX_SAFE_INTEGER)]}
        >
          <Input size="large" inputMode="numeric" data-testid="list-points-price" />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('staffPledges.quantity')}
          extra={t('staffPledges.quantityHint', { n: pledge.inStock })}
          rules={[wholeRule(t, 1, pledge.inStock)]}
        >
          <Input size="large" inputMode="numeric" suffix={pledge.unit} data-testid="list-quantity" />
        </Form.Item>
        <Form.Item
          name="perResidentLimit"
          label={t('staffPledges.perResidentLimit')}
          rules={[wholeRule(t, 1, PLEDGE_LIMITS.perResidentMax)]}
        >
          <Input size="large" inputMode="numeric" data-testid="list-per-resident" />
        </Form.Item>
        <Form.Item name="validFrom" label={t('staffPledges.validFrom')}>
          <Input size="large" type="datetime-local" data-testid="list-valid-from" />
        </Form.Item>
        <Form.Item
          name="validTo"
          label={t('staffPledges.validTo')}
          dependencies={['validFrom']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                const to = localInputToIso(value);
                if (!to) return;
                if (new Date(to).getTime() <= Date.now()) throw new Error(t('staffPledges.validToPast'));
                const from = localInputToIso(getFieldValue('validFrom') as string | undefined);
                if (from && to <= from) throw new Error(t('staffPledges.validToBeforeFrom'));
              },
            }),
          ]}
        >
          <Input size="large" type="datetime-local" data-testid="list-valid-to" />
        </Form.Item>
        <Form.Item name="title" label={t('staffPledges.rewardTitle')} rules={[maxTextRule(t, PLEDGE_LIMITS.titleMax)]}>
          <Input size="large" placeholder={pledge.item} count={textCounter(PLEDGE_LIMITS.titleMax)} data-testid="list-title" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

type Dialog = { kind: 'receive' | 'list' | 'cancel'; pledge: PledgeView } | null;

function isPledgeStatus(value: string | null): value is PledgeStatus {
  return (PLEDGE_STATUSES as readonly (string | null)[]).includes(value);
}

/** 物资入库: take pledges in after inspection, cancel with a reason, list stock as rewards. */
export default function StaffPledgesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: PledgeStatus = isPledgeStatus(raw) ? raw : 'pledged';
  const query = usePledges({ status });
  const [dialog, setDialog] = useState<Dialog>(null);
  const pledges = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('staffPledges.title')}
      </Typography.Title>
      <FoundationNav />
      <div className="gl-chips" role="toolbar" aria-label={t('staffPledges.status')}>
        <Segmented<PledgeStatus>
          value={status}
          onChange={(value) => setParams({ status: value }, { replace: true })}
          options={PLEDGE_STATUSES.map((s) => ({
            value: s,
            label: <span data-testid={`pledge-filter-${s}`}>{t(`pledgeStatus.${s}`)}</span>,
          }))}
          data-testid="pledge-status-filter"
        />
      </div>
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : pledges.length === 0 ? (
        <Empty description={t('staffPledges.empty')} data-testid="staff-pledges-empty" />
      ) : (
        <Flex vertical gap={12} data-testid="staff-pledges">
          {pledges.map((pledge) => (
            <PledgeCard
              key={pledge.id}
              pledge={pledge}
              showOrg
              actions={
                <Flex gap={8} wrap>
                  {pledge.status === 'pledged' && (
                    <Button
                      type="primary"
                      size="large"
                      style={{ flex: 1 }}
                      onClick={() => setDialog({ kind: 'receive', pledge })}
                      data-testid="receive-pledge"
                    >
                      {t('staffPledges.receive')}
                    </Button>
                  )}
                  {pledge.inStock > 0 && (pledge.status === 'in_stock' || pledge.status === 'allocated') && (
                    <Button
                      type="primary"
                      size="large"
                      style={{ flex: 1 }}
                      onClick={() => setDialog({ kind: 'list', pledge })}
                      data-testid="list-reward"
                    >
                      {t('staffPledges.list')}
                    </Button>
                  )}
                  {(pledge.status === 'pledged' || (pledge.status === 'in_stock' && pledge.allocated === 0)) && (
                    <Button
                      danger
                      size="large"
                      style={{ flex: 1 }}
                      onClick={() => setDialog({ kind: 'cancel', pledge })}
                      data-testid="staff-cancel-pledge"
                    >
                      {t('staffPledges.cancel')}
                    </Button>
                  )}
                </Flex>
              }
            />
          ))}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
            testId="staff-pledges-load-more"
          />
        </Flex>
      )}
      {dialog?.kind === 'receive' && <ReceiveDialog pledge={dialog.pledge} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'list' && <ListRewardDialog pledge={dialog.pledge} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'cancel' && (
        <CancelPledgeDialog
          pledge={dialog.pledge}
          title={t('staffPledges.cancelTitle', { item: dialog.pledge.item })}
          onClose={() => setDialog(null)}
        />
      )}
    </Flex>
  );
}
