import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActivityCategory, ActivityStatus, SignupView as Signup } from '@goodloop/contracts';

const CATEGORY_COLORS: Record<ActivityCategory, string> = {
  charity: 'magenta',
  relief: 'red',
  funeral: 'default',
  disability: 'purple',
  children: 'gold',
  elderly: 'orange',
  social_work: 'cyan',
  community: 'green',
};

const STATUS_COLORS: Record<ActivityStatus, string> = {
  upcoming: 'blue',
  running: 'green',
  ended: 'default',
};

export function CategoryTag({ category }: { category: ActivityCategory }) {
  const { t } = useTranslation();
  return <Tag color={CATEGORY_COLORS[category]}>{t(`categories.${category}`)}</Tag>;
}

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`activityStatus.${status}`)}</Tag>;
}

/** "已确认" / "候补第 3 位" / "已取消". */
export function useSignupStatusText() {
  const { t } = useTranslation();
  return (signup: Pick<Signup, 'status' | 'waitlistPosition'>): string => {
    switch (signup.status) {
      case 'confirmed':
        return t('activities.statusConfirmed');
      case 'waitlisted':
        return signup.waitlistPosition
          ? t('activities.statusWaitlisted', { n: signup.waitlistPosition })
          : t('activities.statusWaitlistedNoPosition');
      case 'cancelled':
        return t('activities.statusCancelled');
    }
  };
}

export function SignupStatusTag({ signup }: { signup: Pick<Signup, 'status' | 'waitlistPosition'> }) {
  const text = useSignupStatusText();
  const color = signup.status === 'confirmed' ? 'success' : signup.status === 'waitlisted' ? 'warning' : 'default';
  return (
    <Tag color={color} data-testid="signup-status-tag">
      {text(signup)}
    </Tag>
  );
}
