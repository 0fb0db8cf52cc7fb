import { Alert, App, Button, Card, Col, Empty, Flex, Input, Row, Segmented, Select, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WalletView as Wallet } from '@goodloop/contracts';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { errorText } from '../lib/errors';
import { formatAmount, formatDateTime } from '../lib/format';
import {
  downloadEntriesCsv,
  hasFilters,
  isRangeInverted,
  isTransferCode,
  TRANSFER_CODES,
  useWallet,
  useWalletEntries,
  type EntryDirection,
  type EntryFilters,
  type Expiry,
  type StatementEntry,
  type TransferCode,
} from './wallet.api';

type DirectionOption = EntryDirection | 'all';

/** A day in the reader's language: "2026年12月31日" / "Dec 31, 2026". */
function formatDay(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

function BalanceCard({ wallet }: { wallet: Wallet }) {
  const { t } = useTranslation();
  const format = (value: number) => formatAmount(value, wallet.asset);
  return (
    <Card>
      <Statistic
        title={t('wallet.available')}
        value={wallet.available}
        formatter={() => format(wallet.available)}
        styles={{ content: { fontSize: 36, fontWeight: 600 } }}
        data-testid="wallet-available"
      />
      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col span={12}>
          <Statistic
            title={t('wallet.pending')}
            value={wallet.pending}
            formatter={() => format(wallet.pending)}
            data-testid="wallet-pending"
          />
        </Col>
        <Col span={12}>
          <Statistic
            title={t('wallet.balance')}
            value={wallet.balance}
            formatter={() => format(wallet.balance)}
            data-testid="wallet-balance"
          />
        </Col>
      </Row>
    </Card>
  );
}

/** Upcoming expiries, soonest first; nothing at all when no points are about to lapse. */
function ExpiringCard({ expiries, asset }: { expiries: Expiry[]; asset: Wallet['asset'] }) {
  const { t, i18n } = useTranslation();
  if (expiries.length === 0) return null;
  const sorted = [...expiries].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  return (
    <Card size="small" title={t('wallet.expiringSoon')} data-testid="wallet-expiring">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('wallet.expiringHint')}
      </Typography.Paragraph>
      <Flex vertical gap={0}>
        {sorted.map((expiry) => (
          <Flex
            key={expiry.expiresAt}
            justify="space-between"
            align="center"
            gap={12}
            className="gl-entry"
            data-testid="wallet-expiry"
          >
            <Typography.Text data-testid="wallet-expiry-date">
              {t('wallet.expiresOn', { date: formatDay(expiry.expiresAt, i18n.language) })}
            </Typography.Text>
            <Typography.Text strong type="warning" data-testid="wallet-expiry-amount">
              {formatAmount(expiry.amount, asset)}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}

function EntryRow({ entry, asset }: { entry: StatementEntry; asset: Wallet['asset'] }) {
  const { t, i18n } = useTranslation();
  const codeLabel = isTransferCode(entry.code) ? t(`transferCodes.${entry.code}`) : entry.code;
  return (
    <Flex justify="space-between" gap={12} className="gl-entry" data-testid="wallet-entry" data-entry-id={entry.id}>
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <Typography.Text ellipsis>{entry.description || codeLabel}</Typography.Text>
        <Flex gap={6} align="center" wrap>
          <Tag data-testid="wallet-entry-code" data-code={entry.code}>
            {codeLabel}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(entry.createdAt, i18n.language)}
          </Typography.Text>
        </Flex>
      </Flex>
      <Flex vertical align="flex-end" gap={2} style={{ flex: 'none' }}>
        <Typography.Text
          strong
          className={entry.amount < 0 ? 'gl-amount-neg' : 'gl-amount-pos'}
          data-testid="wallet-entry-amount"
        >
          {formatAmount(entry.amount, asset, { signed: true })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="wallet-entry-balance">
          {t('wallet.balanceAfter', { balance: formatAmount(entry.balanceAfter, asset) })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

function Filters({ filters, onChange }: { filters: EntryFilters; onChange: (next: EntryFilters) => void }) {
  const { t } = useTranslation();
  const set = (changes: Partial<EntryFilters>) => onChange({ ...filters, ...changes });
  return (
    <Flex vertical gap={8} data-testid="wallet-filters">
      <Segmented<DirectionOption>
        block
        value={filters.direction ?? 'all'}
        onChange={(value) => set({ direction: value === 'all' ? undefined : value })}
        options={[
          { value: 'all', label: <span data-testid="wallet-direction-all">{t('wallet.directionAll')}</span> },
          { value: 'in', label: <span data-testid="wallet-direction-in">{t('wallet.directionIn')}</span> },
          { value: 'out', label: <span data-testid="wallet-direction-out">{t('wallet.directionOut')}</span> },
        ]}
        data-testid="wallet-direction"
      />
      <Select<TransferCode | ''>
        value={filters.code ?? ''}
        onChange={(value) => set({ code: value === '' ? undefined : value })}
        options={[
          { value: '', label: t('wallet.allCodes') },
          ...TRANSFER_CODES.map((code) => ({ value: code, label: t(`transferCodes.${code}`) })),
        ]}
        aria-label={t('wallet.filterCode')}
        data-testid="wallet-code"
      />
      <Flex gap={8} align="center">
        <Input
          type="date"
          value={filters.fromDate ?? ''}
          max={filters.toDate || undefined}
          onChange={(event) => set({ fromDate: event.target.value || undefined })}
          aria-label={t('wallet.from')}
          data-testid="wallet-from"
        />
        <Typography.Text type="secondary">–</Typography.Text>
        <Input
          type="date"
          value={filters.toDate ?? ''}
          min={filters.fromDate || undefined}
          onChange={(event) => set({ toDate: event.target.value || undefined })}
          aria-label={t('wallet.to')}
          data-testid="wallet-to"
        />
      </Flex>
      {hasFilters(filters) && (
        <Button
          type="link"
          size="small"
          style={{ alignSelf: 'flex-start', padding: 0 }}
          onClick={() => onChange({})}
          data-testid="wallet-clear-filters"
        >
          {t('wallet.clearFilters')}
        </Button>
      )}
    </Flex>
  );
}

function Entries({ asset, filters }: { asset: Wallet['asset']; filters: EntryFilters }) {
  const { t } = useTranslation();
  const inverted = isRangeInverted(filters);
  const query = useWalletEntries(filters, { enabled: !inverted });
  if (inverted) return <Alert type="warning" showIcon title={t('wallet.rangeInverted')} data-testid="wallet-range-inverted" />;
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const entries = query.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return hasFilters(filters) ? (
      <Empty description={t('wallet.noMatch')} data-testid="wallet-no-match" />
    ) : (
      <Empty description={t('wallet.empty')} data-testid="wallet-empty" />
    );
  }
  return (
    <Flex vertical gap={0} data-testid="wallet-entries">
      {entries.map((entry) => (
        <EntryRow key={entry.id} entry={entry} asset={asset} />
      ))}
      <div style={{ marginTop: 12, textAlign: 'center' }}>
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
          testId="wallet-load-more"
        />
      </div>
    </Flex>
  );
}

function DownloadCsvButton({ filters }: { filters: EntryFilters }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadEntriesCsv(filters);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      loading={busy}
      disabled={isRangeInverted(filters)}
      onClick={() => void download()}
      data-testid="wallet-download-csv"
    >
      {t('wallet.downloadCsv')}
    </Button>
  );
}

export default function WalletPage() {
  const { t } = useTranslation();
  const wallet = useWallet();
  const [filters, setFilters] = useState<EntryFilters>({});
  const asset = wallet.data?.asset ?? 'POINTS';
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('wallet.title')}
      </Typography.Title>
      {wallet.isPending ? (
        <PageLoading />
      ) : wallet.isError ? (
        <PageError error={wallet.error} onRetry={() => void wallet.refetch()} />
      ) : (
        <>
          <BalanceCard wallet={wallet.data} />
          <ExpiringCard expiries={wallet.data.expiringSoon ?? []} asset={asset} />
        </>
      )}
      <Card size="small" title={t('wallet.entries')} extra={<DownloadCsvButton filters={filters} />}>
        <Flex vertical gap={12}>
          <Filters filters={filters} onChange={setFilters} />
          <Entries asset={asset} filters={filters} />
        </Flex>
      </Card>
    </Flex>
  );
}
