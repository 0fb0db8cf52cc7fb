import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading } from '../layout/page-state';
import { formatDateTime, formatFen } from '../lib/format';
import { DonationsNav } from './donations-nav';
import { DonationStatusTag, ReceiptButton } from './donation-labels';
import { useMyDonations, type DonationView } from './donations.api';

function DonationRow({ donation }: { donation: DonationView }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" data-testid="my-donation" data-donation-id={donation.id}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {donation.fundName}
          </Typography.Text>
          <Typography.Text strong style={{ flex: 'none' }}>
            {formatFen(donation.amount)}
          </Typography.Text>
        </Flex>
        <Flex gap={6} align="center" wrap>
          <DonationStatusTag status={donation.status} />
          {donation.recurringId && <Tag>{t('give.monthlyTag')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('give.at', { date: formatDateTime(donation.createdAt, i18n.language) })}
          </Typography.Text>
        </Flex>
        {donation.status === 'confirmed' && (
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text type="secondary">
              {t('give.receiptNumber')}：{donation.receiptNumber ?? t('give.receiptPending')}
            </Typography.Text>
            {donation.receiptNumber && <ReceiptButton donation={donation} />}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** 我的捐赠: every gift, newest first, with its receipt. */
export default function MyDonationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useMyDonations();
  const donations = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('give.mineTitle')}
      </Typography.Title>
      <DonationsNav />
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : donations.length === 0 ? (
        <Empty description={t('give.mineEmpty')} data-testid="my-donations-empty">
          <Button type="primary" onClick={() => void navigate('/give')}>
            {t('give.goGive')}
          </Button>
        </Empty>
      ) : (
        <Flex vertical gap={12} data-testid="my-donations">
          {donations.map((donation) => (
            <DonationRow key={donation.id} donation={donation} />
          ))}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
            testId="my-donations-load-more"
          />
        </Flex>
      )}
    </Flex>
  );
}
