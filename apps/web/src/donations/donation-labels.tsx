import { App, Button, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';
import { downloadReceipt, type DonationStatus, type DonationView, type RecommendationStatus } from './donations.api';

const DONATION_COLORS: Record<DonationStatus, string> = { awaiting_payment: 'processing', confirmed: 'success', failed: 'error' };

export function DonationStatusTag({ status }: { status: DonationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={DONATION_COLORS[status]} data-testid="donation-status" data-status={status}>
      {t(`donationStatus.${status}`)}
    </Tag>
  );
}

const RECOMMENDATION_COLORS: Record<RecommendationStatus, string | undefined> = {
  pending: 'gold',
  approved: 'processing',
  paid: 'success',
  declined: undefined,
  failed: 'error',
};

export function RecommendationStatusTag({ status }: { status: RecommendationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={RECOMMENDATION_COLORS[status]} data-testid="recommendation-status" data-status={status}>
      {t(`recommendationStatus.${status}`)}
    </Tag>
  );
}

/** 下载收据 PDF: fetched with the session (a plain link would not carry the token) and saved. */
export function ReceiptButton({ donation, block }: { donation: DonationView; block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadReceipt(donation);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      block={block}
      size={block ? 'large' : 'middle'}
      loading={busy}
      onClick={() => void download()}
      data-testid="download-receipt"
    >
      {t('give.downloadReceipt')}
    </Button>
  );
}
