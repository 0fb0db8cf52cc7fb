import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PledgeCategory, RedemptionStatus } from './rewards.api';

export function PledgeCategoryTag({ category }: { category: PledgeCategory }) {
  const { t } = useTranslation();
  return <Tag color="blue">{t(`pledgeCategories.${category}`)}</Tag>;
}

const REDEMPTION_COLORS: Record<RedemptionStatus, string | undefined> = {
  holding: 'processing',
  held: 'gold',
  fulfilling: 'processing',
  fulfilled: 'success',
  refused: 'error',
  cancelling: 'processing',
  cancelled: undefined,
  expiring: 'warning',
  expired: undefined,
};

export function RedemptionStatusTag({ status }: { status: RedemptionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={REDEMPTION_COLORS[status]} data-testid="redemption-status" data-status={status}>
      {t(`redemptionStatus.${status}`)}
    </Tag>
  );
}

/** "2026年12月31日" / "Dec 31, 2026". */
export function formatDay(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}
