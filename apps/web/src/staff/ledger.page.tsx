import { Alert, App, Button, Card, Descriptions, Flex, Table, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import { PageError, PageLoading } from '../layout/page-state';
import { errorText } from '../lib/errors';
import { formatAmount, formatDateTime, formatPoints, type Asset } from '../lib/format';
import {
  useChainVerification,
  useReconciliation,
  useRunReconciliation,
  useTrialBalance,
  type AssetTrialBalance,
  type ChainVerification,
  type Reconciliation,
  type ReconciliationDrift,
} from './staff.api';

const ASSETS: readonly Asset[] = ['POINTS', 'CNY'];

function useAssetLabel(): (asset: string) => string {
  const { t } = useTranslation();
  return (asset) => ((ASSETS as readonly string[]).includes(asset) ? t(`assets.${asset as Asset}`) : asset);
}

/** "3f2a9c1e…77b0d4e2": enough of a hash to tell two apart; the copy button gives all of it. */
function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

function TrialBalanceAsset({ row }: { row: AssetTrialBalance }) {
  const { t } = useTranslation();
  const assetLabel = useAssetLabel();
  const ok = row.balanced && row.sum === 0;
  const format = (value: number) => formatAmount(value, row.asset);
  return (
    <Flex vertical gap={8} data-testid="trial-balance-asset" data-asset={row.asset} data-status={ok ? 'ok' : 'unbalanced'}>
      <Alert
        type={ok ? 'success' : 'error'}
        showIcon
        title={
          ok
            ? t('staffLedger.balanced', { asset: assetLabel(row.asset) })
            : t('staffLedger.unbalanced', { asset: assetLabel(row.asset), sum: format(row.sum) })
        }
      />
      <Descriptions
        size="small"
        column={{ xs: 2, sm: 4 }}
        items={[
          { key: 'accounts', label: t('staffLedger.accounts'), children: formatPoints(row.accounts) },
          { key: 'debits', label: t('staffLedger.debits'), children: format(row.debits) },
          { key: 'credits', label: t('staffLedger.credits'), children: format(row.credits) },
          { key: 'sum', label: t('staffLedger.sum'), children: format(row.sum) },
        ]}
      />
    </Flex>
  );
}

function TrialBalanceCard() {
  const { t } = useTranslation();
  const query = useTrialBalance();
  return (
    <Card size="small" title={t('staffLedger.trialBalance')} data-testid="trial-balance">
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.assets.length === 0 ? (
        <Typography.Text type="secondary">{t('staffLedger.noAssets')}</Typography.Text>
      ) : (
        <Flex vertical gap={16}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('staffLedger.trialBalanceHint')}
          </Typography.Text>
          {query.data.assets.map((row) => (
            <TrialBalanceAsset key={row.asset} row={row} />
          ))}
        </Flex>
      )}
    </Card>
  );
}

const INTEGER = /^-?\d+$/;

/** A drift's figure: a signed amount (`balance`), or held out / held in (`pending`, "30/0"). */
function driftFigure(value: string, asset: Asset): string {
  return value
    .split('/')
    .map((part) => (INTEGER.test(part) ? formatAmount(BigInt(part), asset) : part))
    .join(' / ');
}

function DriftTable({ drifts }: { drifts: ReconciliationDrift[] }) {
  const { t } = useTranslation();
  const assetLabel = useAssetLabel();
  const columns: TableColumnsType<ReconciliationDrift> = [
    {
      key: 'account',
      title: t('staffLedger.account'),
      dataIndex: 'accountKey',
      render: (key: string) => (
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {key}
        </Typography.Text>
      ),
    },
    { key: 'asset', title: t('staffLedger.asset'), dataIndex: 'asset', render: (asset: string) => assetLabel(asset) },
    {
      key: 'field',
      title: t('staffLedger.field'),
      render: (_, drift) => {
        switch (drift.field) {
          case 'pending':
            return t('staffLedger.fieldPending');
          case 'entries':
            return t('staffLedger.fieldEntries', { transferId: drift.transferId });
          case 'transfer_sum':
            return t('staffLedger.fieldTransferSum', { transferId: drift.transferId });
          case 'balance':
            return t('staffLedger.fieldBalance');
        }
      },
    },
    {
      key: 'stored',
      title: t('staffLedger.stored'),
      align: 'right',
      render: (_, drift) => driftFigure(drift.stored, drift.asset),
    },
    {
      key: 'recomputed',
      title: t('staffLedger.fromEntries'),
      align: 'right',
      render: (_, drift) => driftFigure(drift.recomputed, drift.asset),
    },
    {
      key: 'difference',
      title: t('staffLedger.difference'),
      align: 'right',
      // Amounts travel as strings and subtract as bigint: the difference of two large totals is exact.
      render: (_, drift) =>
        drift.field === 'balance' && INTEGER.test(drift.stored) && INTEGER.test(drift.recomputed) ? (
          <Typography.Text type="danger" data-testid="recon-drift-difference">
            {formatAmount(BigInt(drift.stored) - BigInt(drift.recomputed), drift.asset, { signed: true })}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Table<ReconciliationDrift>
      size="small"
      columns={columns}
      dataSource={drifts}
      rowKey={(drift) => `${drift.accountKey}/${drift.asset}/${drift.field}`}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={() => ({ 'data-testid': 'recon-drift' }) as HTMLAttributes<HTMLElement>}
      data-testid="recon-drifts"
    />
  );
}

function ReconciliationStatus({ result }: { result: Reconciliation }) {
  const { t, i18n } = useTranslation();
  const checked = result.checkedAt ? (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2 }}
      items={[
        { key: 'checkedAt', label: t('staffLedger.checkedAt'), children: formatDateTime(result.checkedAt, i18n.language) },
        { key: 'accounts', label: t('staffLedger.accountsChecked'), children: formatPoints(result.accountsChecked) },
      ]}
    />
  ) : null;
  switch (result.status) {
    case 'ok':
      return (
        <Flex vertical gap={8} data-testid="recon-status" data-status="ok">
          <Alert type="success" showIcon title={t('staffLedger.reconOk')} />
          {checked}
        </Flex>
      );
    case 'drift':
      return (
        <Flex vertical gap={8} data-testid="recon-status" data-status="drift">
          <Alert
            type="error"
            showIcon
            title={t('staffLedger.reconDrift', { n: new Set(result.drifts.map((d) => `${d.accountKey}/${d.asset}`)).size })}
          />
          {checked}
          <DriftTable drifts={result.drifts} />
        </Flex>
      );
    case 'not_run':
      return (
        <Flex vertical gap={8} data-testid="recon-status" data-status="not_run">
          <Alert type="info" showIcon title={t('staffLedger.reconNotRun')} />
        </Flex>
      );
  }
}

function ReconciliationCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { isAdmin } = useAuth();
  const query = useReconciliation();
  const run = useRunReconciliation();
  const runNow = async () => {
    try {
      await run.mutateAsync();
      void message.success(t('staffLedger.runDone'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };
  return (
    <Card
      size="small"
      title={t('staffLedger.reconciliation')}
      extra={
        isAdmin ? (
          <Button size="small" loading={run.isPending} onClick={() => void runNow()} data-testid="recon-run">
            {t('staffLedger.runNow')}
          </Button>
        ) : undefined
      }
      data-testid="reconciliation"
    >
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ReconciliationStatus result={query.data} />
      )}
    </Card>
  );
}

function ChainStatus({ result }: { result: ChainVerification }) {
  const { t, i18n } = useTranslation();
  const items = [
    {
      key: 'length',
      label: t('staffLedger.chainLength'),
      children: <span data-testid="chain-length">{formatPoints(result.length)}</span>,
    },
    {
      key: 'head',
      label: t('staffLedger.chainHead'),
      children: result.head ? (
        <Typography.Text code copyable={{ text: result.head.hash }} data-testid="chain-head" title={result.head.hash}>
          {shortHash(result.head.hash)}
        </Typography.Text>
      ) : (
        t('common.notSet')
      ),
    },
    { key: 'verifiedAt', label: t('staffLedger.verifiedAt'), children: formatDateTime(result.verifiedAt, i18n.language) },
  ];
  if (result.brokenAt) {
    items.push(
      {
        key: 'brokenTransfer',
        label: t('staffLedger.brokenTransfer'),
        children: (
          <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="chain-broken-transfer">
            {result.brokenAt.transferId}
          </Typography.Text>
        ),
      },
      {
        key: 'brokenReason',
        label: t('staffLedger.brokenReason'),
        children: <span data-testid="chain-broken-reason">{result.brokenAt.reason}</span>,
      },
    );
  }
  return (
    <Flex vertical gap={8} data-testid="chain-status" data-status={result.valid ? 'valid' : 'broken'}>
      {result.valid ? (
        <Alert type="success" showIcon title={t('staffLedger.chainValid')} />
      ) : (
        <Alert type="error" showIcon title={t('staffLedger.chainBroken', { seq: result.brokenAt?.seq ?? '?' })} />
      )}
      <Descriptions size="small" column={1} items={items} />
    </Flex>
  );
}

function ChainCard() {
  const { t } = useTranslation();
  const query = useChainVerification();
  return (
    <Card
      size="small"
      title={t('staffLedger.chain')}
      extra={
        <Button size="small" loading={query.isFetching} onClick={() => void query.refetch()} data-testid="chain-verify">
          {t('staffLedger.verifyNow')}
        </Button>
      }
      data-testid="chain"
    >
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ChainStatus result={query.data} />
      )}
    </Card>
  );
}

/** The books' health for admins and foundation staff: trial balance, reconciliation, hash chain. */
export default function StaffLedgerPage() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('staffLedger.title')}
      </Typography.Title>
      <TrialBalanceCard />
      <ReconciliationCard />
      <ChainCard />
    </Flex>
  );
}
