import { Card, Col, Empty, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Wallet, WalletEntry } from '../api/types';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { formatAmount, formatDateTime } from '../lib/format';
import { useWallet, useWalletEntries } from './wallet.api';

const TRANSFER_CODES = ['earn', 'redeem', 'donate', 'grant', 'expire', 'reversal', 'adjust'] as const;
type TransferCode = (typeof TRANSFER_CODES)[number];

function isTransferCode(code: string): code is TransferCode {
  return (TRANSFER_CODES as readonly string[]).includes(code);
}

function BalanceCard({ wallet }: { wallet: Wallet }) {
  const { t } = useTranslation();
  const format = (value: number) => formatAmount(value, wallet.asset);
  return (
    <Card>
      <Statistic
        title={t('wallet.balance')}
        value={wallet.balance}
        formatter={() => format(wallet.balance)}
        styles={{ content: { fontSize: 36, fontWeight: 600 } }}
        data-testid="wallet-balance"
      />
      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col span={12}>
          <Statistic
            title={t('wallet.available')}
            value={wallet.available}
            formatter={() => format(wallet.available)}
            data-testid="wallet-available"
          />
        </Col>
        <Col span={12}>
          <Statistic
            title={t('wallet.pending')}
            value={wallet.pending}
            formatter={() => format(wallet.pending)}
            data-testid="wallet-pending"
          />
        </Col>
      </Row>
    </Card>
  );
}

function EntryRow({ entry, asset }: { entry: WalletEntry; asset: Wallet['asset'] }) {
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

function Entries({ asset }: { asset: Wallet['asset'] }) {
  const { t } = useTranslation();
  const query = useWalletEntries();
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const entries = query.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) return <Empty description={t('wallet.empty')} data-testid="wallet-empty" />;
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

export default function WalletPage() {
  const { t } = useTranslation();
  const wallet = useWallet();
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
        <BalanceCard wallet={wallet.data} />
      )}
      <Card size="small" title={t('wallet.entries')}>
        <Entries asset={wallet.data?.asset ?? 'POINTS'} />
      </Card>
    </Flex>
  );
}
