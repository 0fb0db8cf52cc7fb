import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ActivityDetailView as Activity } from '@goodloop/contracts';
import { formatPoints, formatTimeRange } from '../lib/format';
import { ActivityStatusTag, CategoryTag } from './activity-labels';

interface ActivityCardProps {
  activity: Activity;
  /** Where the card leads (the public detail by default). */
  to?: string;
  /** Extra lines under the summary: my status, the check-in code. */
  footer?: ReactNode;
  testId?: string;
}

export function ActivityCard({ activity, to, footer, testId = 'activity-card' }: ActivityCardProps) {
  const { t, i18n } = useTranslation();
  return (
    <Link to={to ?? `/activities/${activity.id}`} className="gl-card-link" data-testid={testId} data-activity-id={activity.id}>
      <Card size="small" hoverable>
        <Flex vertical gap={6}>
          <Flex gap={4} wrap align="center">
            <CategoryTag category={activity.category} />
            <ActivityStatusTag status={activity.status} />
          </Flex>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {activity.title}
          </Typography.Text>
          <Typography.Text type="secondary">{formatTimeRange(activity.startsAt, activity.endsAt, i18n.language)}</Typography.Text>
          <Typography.Text type="secondary" ellipsis>
            {activity.place.name} · {activity.orgName}
          </Typography.Text>
          <Flex justify="space-between" wrap gap={8}>
            <Typography.Text>
              {t('activities.capacityValue', {
                confirmed: formatPoints(activity.confirmedCount),
                capacity: formatPoints(activity.capacity),
              })}
              {activity.waitlistCount > 0 && ` · ${t('activities.waitlistValue', { n: activity.waitlistCount })}`}
            </Typography.Text>
            <Typography.Text type="success">
              {t('common.perHour', { points: formatPoints(activity.pointsPerHour) })}
            </Typography.Text>
          </Flex>
          {footer}
        </Flex>
      </Card>
    </Link>
  );
}
