import { Alert, App, Button, Card, Descriptions, Flex, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { ActivityDetailView as Activity } from '@goodloop/contracts';
import { useAuth } from '../auth/auth-context';
import { usePageTitle } from '../layout/page-title';
import { PageError, PageLoading, PageNotFound } from '../layout/page-state';
import { isApiError } from '../api/client';
import { errorText } from '../lib/errors';
import { formatPoints, formatTimeRange } from '../lib/format';
import { useActivity, useCancelSignup, useSignUp } from './activities.api';
import { ActivityStatusTag, CategoryTag, SignupStatusTag } from './activity-labels';
import { AttendanceCodeForm } from './attendance-code-form';

function SignupPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const signUp = useSignUp(activity.id);
  const cancel = useCancelSignup(activity.id);
  const mySignup = activity.mySignup && activity.mySignup.status !== 'cancelled' ? activity.mySignup : null;
  const ended = activity.status === 'ended';
  const full = activity.confirmedCount >= activity.capacity;

  const doSignUp = async () => {
    try {
      const signup = await signUp.mutateAsync();
      if (signup.status === 'waitlisted') {
        void message.info(t('activities.waitlisted', { n: signup.waitlistPosition ?? activity.waitlistCount + 1 }));
      } else {
        void message.success(t('activities.signedUp'));
      }
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const doCancel = async () => {
    try {
      await cancel.mutateAsync();
      void message.success(t('activities.cancelled'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  if (!signedIn) {
    return ended ? null : (
      <Button
        type="primary"
        size="large"
        block
        onClick={() => void navigate('/login', { state: { from: location.pathname } })}
        data-testid="signup-button"
      >
        {t('activities.signUpToJoin')}
      </Button>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" data-testid="my-signup-status" data-status={mySignup?.status ?? 'none'}>
        <Typography.Text>{t('activities.myStatus')}</Typography.Text>
        {mySignup ? (
          <SignupStatusTag signup={mySignup} />
        ) : (
          <Typography.Text type="secondary">{t('activities.notSignedUp')}</Typography.Text>
        )}
      </Flex>
      {ended && !mySignup && <Alert type="info" title={t('activities.ended')} />}
      {!ended && !mySignup && (
        <Button
          type="primary"
          size="large"
          block
          loading={signUp.isPending}
          onClick={() => void doSignUp()}
          data-testid="signup-button"
        >
          {full ? t('activities.joinWaitlist') : t('activities.signUp')}
        </Button>
      )}
      {/* Once checked in, the place was used: nothing is left to cancel (the server refuses too). */}
      {!ended && mySignup && !mySignup.attendance && (
        <Popconfirm
          title={t('activities.cancelConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => void doCancel()}
        >
          <Button danger size="large" block loading={cancel.isPending} data-testid="cancel-signup-button">
            {t('activities.cancelSignup')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function ActivityDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const wellFormed = UUID.test(id);
  const query = useActivity(id, { enabled: wellFormed });
  usePageTitle(query.data?.title);

  const notFound = (
    <PageNotFound message={t('activities.notFound')} backTo="/activities" backLabel={t('activities.clearFilters')} />
  );
  // A malformed link names no activity: nothing to ask the server, nothing to retry.
  if (!wellFormed) return notFound;
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.statusCode === 404) return notFound;
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const activity = query.data;

  return (
    <Flex vertical gap={12} data-testid="activity-detail" data-activity-id={activity.id}>
      <Link to="/activities">← {t('common.back')}</Link>
      <Card>
        <Flex vertical gap={8}>
          <Flex gap={4} wrap>
            <CategoryTag category={activity.category} />
            <ActivityStatusTag status={activity.status} />
          </Flex>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {activity.title}
          </Typography.Title>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'time',
                label: t('activities.time'),
                children: formatTimeRange(activity.startsAt, activity.endsAt, i18n.language),
              },
              {
                key: 'place',
                label: t('activities.place'),
                children: (
                  <span>
                    {activity.place.name}
                    {activity.place.address && <Typography.Text type="secondary"> · {activity.place.address}</Typography.Text>}
                  </span>
                ),
              },
              { key: 'org', label: t('activities.organizer'), children: activity.orgName },
              {
                key: 'capacity',
                label: t('activities.capacity'),
                children: (
                  <span data-testid="activity-capacity">
                    {t('activities.capacityValue', {
                      confirmed: formatPoints(activity.confirmedCount),
                      capacity: formatPoints(activity.capacity),
                    })}
                  </span>
                ),
              },
              {
                key: 'waitlist',
                label: t('activities.waitlist'),
                children: (
                  <span data-testid="activity-waitlist">
                    {t('activities.waitlistValue', { n: formatPoints(activity.waitlistCount) })}
                  </span>
                ),
              },
              {
                key: 'points',
                label: t('activities.points'),
                children: t('common.perHour', { points: formatPoints(activity.pointsPerHour) }),
              },
            ]}
          />
          <SignupPanel activity={activity} />
        </Flex>
      </Card>
      {activity.mySignup?.status === 'confirmed' && <AttendanceCodeForm activity={activity} />}
      {activity.description && (
        <Card size="small" title={t('activities.description')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{activity.description}</Typography.Paragraph>
        </Card>
      )}
    </Flex>
  );
}
