import { App, Button, Card, Checkbox, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useActivity } from '../activities/activities.api';
import { ActivityStatusTag, CategoryTag, SignupStatusTag } from '../activities/activity-labels';
import { AttendanceStatusTag } from '../activities/attendance-code-form';
import type { ActivityDetailView as Activity, AttendanceView as Attendance } from '@goodloop/contracts';
import { PageError, PageLoading } from '../layout/page-state';
import { errorText } from '../lib/errors';
import { formatDateTime, formatTimeRange } from '../lib/format';
import { useAuth } from '../auth/auth-context';
import { useOrganizerAttendance, useRaiseApprovalMinutes, useRosterAttendance, useRosterSignups } from './organizer.api';
import { PendingApprovals } from './pending-approvals';
import { BulkVerifyDialog } from './bulk-verify-dialog';
import { buildRoster, bulkVerifiable, scheduledMinutes, type RosterRow } from './roster';
import { VerifyDialog } from './verify-dialog';

function RosterRowView({
  row,
  activity,
  onVerify,
  selectable,
  own,
  selected,
  onSelect,
}: {
  row: RosterRow;
  activity: Activity;
  onVerify: (a: Attendance) => void;
  /** Checked out and not the current user's: may be verified in bulk. */
  selectable: boolean;
  /** The current user's own attendance: somebody else verifies it. */
  own: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mark = useOrganizerAttendance(activity.id);
  const { attendance, signup } = row;
  const canAttend = signup?.status === 'confirmed' || attendance !== null;

  const act = async (action: 'check_in' | 'check_out') => {
    try {
      await mark.mutateAsync({ userId: row.userId, action });
      void message.success(t(action === 'check_in' ? 'attendance.checkInDone' : 'attendance.checkOutDone'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Flex vertical gap={6} className="gl-roster-row" data-testid="roster-row" data-user-id={row.userId}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        {selectable ? (
          <Checkbox
            checked={selected}
            onChange={(event) => onSelect(event.target.checked)}
            aria-label={t('roster.select', { name: row.userName })}
            data-testid="roster-select"
          >
            <Typography.Text strong>{row.userName}</Typography.Text>
          </Checkbox>
        ) : (
          <Typography.Text strong>{row.userName}</Typography.Text>
        )}
        <Flex gap={4} wrap>
          {signup ? (
            <SignupStatusTag signup={signup} />
          ) : (
            <Typography.Text type="secondary">{t('roster.noSignup')}</Typography.Text>
          )}
          {canAttend && <AttendanceStatusTag attendance={attendance} />}
        </Flex>
      </Flex>
      {attendance && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {attendance.checkInAt && `${t('attendance.checkInAt')} ${formatDateTime(attendance.checkInAt, i18n.language)}`}
          {attendance.checkOutAt && ` · ${t('attendance.checkOutAt')} ${formatDateTime(attendance.checkOutAt, i18n.language)}`}
          {attendance.status === 'verified' && attendance.verifiedMinutes !== null
            ? ` · ${t('attendance.verifiedMinutes')} ${t('common.minutes', { n: attendance.verifiedMinutes })}`
            : attendance.recordedMinutes !== null &&
              ` · ${t('attendance.recordedMinutes')} ${t('common.minutes', { n: attendance.recordedMinutes })}`}
          {attendance.status === 'checked_out' &&
            attendance.rejectionReason &&
            ` · ${t('approvals.lastRejection', { reason: attendance.rejectionReason })}`}
        </Typography.Text>
      )}
      {canAttend && (
        <Flex gap={8} justify="flex-end">
          {!attendance && (
            <Button size="small" loading={mark.isPending} onClick={() => void act('check_in')} data-testid="roster-check-in">
              {t('roster.checkIn')}
            </Button>
          )}
          {attendance?.status === 'checked_in' && (
            <Button size="small" loading={mark.isPending} onClick={() => void act('check_out')} data-testid="roster-check-out">
              {t('roster.checkOut')}
            </Button>
          )}
          {attendance?.status === 'checked_out' && own && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="roster-own-attendance">
              {t('roster.ownAttendance')}
            </Typography.Text>
          )}
          {attendance?.status === 'checked_out' && (
            <Button size="small" type="primary" onClick={() => onVerify(attendance)} data-testid="verify-button">
              {t('roster.verify')}
            </Button>
          )}
          {attendance?.status === 'verified' && (
            <Typography.Text type="success" data-testid="verified-label">
              ✓ {t('roster.verifiedDone')}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Flex>
  );
}

function Roster({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const signups = useRosterSignups(activity.id);
  const attendance = useRosterAttendance(activity.id);
  const raiseApprovalMinutes = useRaiseApprovalMinutes();
  const { me } = useAuth();
  const [verifying, setVerifying] = useState<Attendance | null>(null);
  /** Attendance ids ticked for bulk verification. */
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** What the bulk dialog works on, fixed when it opens (the roster refreshes underneath). */
  const [bulk, setBulk] = useState<Attendance[] | null>(null);

  if (signups.isPending || attendance.isPending) return <PageLoading />;
  if (signups.isError || attendance.isError) {
    return (
      <PageError
        error={signups.error ?? attendance.error}
        onRetry={() => {
          void signups.refetch();
          void attendance.refetch();
        }}
      />
    );
  }
  const rows = buildRoster(signups.data, attendance.data);
  if (rows.length === 0) return <Empty description={t('roster.empty')} />;
  const eligible = bulkVerifiable(rows, me?.id);
  // Only what is still eligible counts: a verified or refreshed row drops out of the selection.
  const chosen = eligible.filter((a) => selected.has(a.id));
  const allChosen = eligible.length > 0 && chosen.length === eligible.length;
  const toggle = (id: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <Flex vertical gap={0} data-testid="roster">
      <PendingApprovals activityId={activity.id} attendance={attendance.data} currentUserId={me?.id} />
      {eligible.length > 0 && (
        <Flex justify="space-between" align="center" gap={8} wrap className="gl-roster-toolbar" data-testid="roster-bulk-bar">
          <Checkbox
            checked={allChosen}
            indeterminate={chosen.length > 0 && !allChosen}
            onChange={(event) => setSelected(event.target.checked ? new Set(eligible.map((a) => a.id)) : new Set())}
            data-testid="roster-select-all"
          >
            {t('roster.selectAll', { n: eligible.length })}
          </Checkbox>
          <Button type="primary" disabled={chosen.length === 0} onClick={() => setBulk(chosen)} data-testid="bulk-verify-button">
            {t('roster.verifySelected', { n: chosen.length })}
          </Button>
        </Flex>
      )}
      {rows.map((row) => {
        const record = row.attendance;
        const selectable = !!record && eligible.some((a) => a.id === record.id);
        return (
          <RosterRowView
            key={row.userId}
            row={row}
            activity={activity}
            onVerify={setVerifying}
            selectable={selectable}
            own={!!me && row.userId === me.id}
            selected={selectable && selected.has(record.id)}
            onSelect={(on) => record && toggle(record.id, on)}
          />
        );
      })}
      {verifying && (
        <VerifyDialog
          key={verifying.id}
          attendance={verifying}
          activityId={activity.id}
          pointsPerHour={activity.pointsPerHour}
          raiseApprovalMinutes={raiseApprovalMinutes}
          onClose={() => setVerifying(null)}
        />
      )}
      {bulk && (
        <BulkVerifyDialog
          selection={bulk}
          activityId={activity.id}
          pointsPerHour={activity.pointsPerHour}
          scheduledMinutes={scheduledMinutes(activity)}
          raiseApprovalMinutes={raiseApprovalMinutes}
          onClose={() => {
            setBulk(null);
            setSelected(new Set());
          }}
        />
      )}
    </Flex>
  );
}

export default function ActivityRosterPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const query = useActivity(id);

  if (query.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const activity = query.data;

  return (
    <Flex vertical gap={12}>
      <Link to={`/organizer?org=${encodeURIComponent(activity.orgId)}`}>← {t('common.back')}</Link>
      <Card size="small">
        <Flex vertical gap={6}>
          <Flex gap={4} wrap>
            <CategoryTag category={activity.category} />
            <ActivityStatusTag status={activity.status} />
          </Flex>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {activity.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {formatTimeRange(activity.startsAt, activity.endsAt, i18n.language)} · {activity.place.name}
          </Typography.Text>
          <Typography.Text>
            {t('activities.capacityValue', { confirmed: activity.confirmedCount, capacity: activity.capacity })}
            {activity.waitlistCount > 0 && ` · ${t('activities.waitlistValue', { n: activity.waitlistCount })}`}
          </Typography.Text>
        </Flex>
      </Card>
      <Card size="small" title={t('roster.checkInCode')}>
        <Flex vertical align="center" gap={4}>
          <span className="gl-code" data-testid="check-in-code">
            {activity.checkInCode ?? t('common.notSet')}
          </span>
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t('roster.checkInCodeHint')}
          </Typography.Text>
        </Flex>
      </Card>
      <Card size="small" title={t('roster.signups')}>
        <Roster activity={activity} />
      </Card>
    </Flex>
  );
}
