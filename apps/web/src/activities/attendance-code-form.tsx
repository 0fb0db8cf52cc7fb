import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import type { ActivityDetailView as Activity, AttendanceView as Attendance } from '@goodloop/contracts';
import { applyFieldErrors, errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useResidentAttendance } from './activities.api';

const CODE_PATTERN = /^\d{6}$/;

export function AttendanceStatusTag({ attendance }: { attendance: Attendance | null | undefined }) {
  const { t } = useTranslation();
  if (!attendance) return <Tag>{t('attendance.notCheckedIn')}</Tag>;
  switch (attendance.status) {
    case 'checked_in':
      return <Tag color="processing">{t('attendance.checkedIn')}</Tag>;
    case 'checked_out':
      return <Tag color="warning">{t('attendance.checkedOut')}</Tag>;
    case 'pending_approval':
      return <Tag color="gold">{t('attendance.pendingApproval')}</Tag>;
    case 'verified':
      return <Tag color="success">{t('attendance.verified')}</Tag>;
  }
}

export function AttendanceSummary({ attendance }: { attendance: Attendance }) {
  const { t, i18n } = useTranslation();
  const minutes = (value: number | null) => (value === null ? t('common.notSet') : t('common.minutes', { n: value }));
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'status', label: t('attendance.status'), children: <AttendanceStatusTag attendance={attendance} /> },
        {
          key: 'in',
          label: t('attendance.checkInAt'),
          children: attendance.checkInAt ? formatDateTime(attendance.checkInAt, i18n.language) : t('common.notSet'),
        },
        {
          key: 'out',
          label: t('attendance.checkOutAt'),
          children: attendance.checkOutAt ? formatDateTime(attendance.checkOutAt, i18n.language) : t('common.notSet'),
        },
        { key: 'recorded', label: t('attendance.recordedMinutes'), children: minutes(attendance.recordedMinutes) },
        ...(attendance.status === 'verified'
          ? [{ key: 'verified', label: t('attendance.verifiedMinutes'), children: minutes(attendance.verifiedMinutes) }]
          : []),
      ]}
    />
  );
}

/** A confirmed resident checks in and out with the six-digit code the organizer shows on site. */
export function AttendanceCodeForm({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const mutation = useResidentAttendance(activity.id);
  const attendance = mutation.data ?? activity.mySignup?.attendance ?? null;

  const submit = async (action: 'check_in' | 'check_out') => {
    const { code } = await form.validateFields().catch(() => ({ code: null }));
    if (code === null) return;
    try {
      await mutation.mutateAsync({ action, code });
      form.resetFields();
      void message.success(t(action === 'check_in' ? 'attendance.checkInDone' : 'attendance.checkOutDone'));
    } catch (error) {
      // A wrong or expired code is the code field's problem: say so next to it.
      if (isApiError(error) && error.fieldErrors('code').length > 0) applyFieldErrors(form, error, ['code']);
      else form.setFields([{ name: 'code', errors: [errorText(t, error)] }]);
    }
  };

  return (
    <Card size="small" title={t('attendance.title')} data-testid="attendance-panel">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {activity.status === 'upcoming' ? t('attendance.notRunning') : t('attendance.hint')}
        </Typography.Text>
        {attendance && <AttendanceSummary attendance={attendance} />}
        {attendance?.status !== 'verified' && (
          <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit('check_in')}>
            <Form.Item
              name="code"
              label={t('attendance.code')}
              normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)}
              rules={[{ required: true, pattern: CODE_PATTERN, message: t('attendance.codeInvalid') }]}
            >
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                size="large"
                className="gl-code-input"
                placeholder="000000"
                data-testid="attendance-code"
              />
            </Form.Item>
            <Flex gap={8}>
              <Button
                type="primary"
                block
                size="large"
                loading={mutation.isPending && mutation.variables.action === 'check_in'}
                disabled={mutation.isPending}
                onClick={() => void submit('check_in')}
                data-testid="check-in-button"
              >
                {t('attendance.checkIn')}
              </Button>
              <Button
                block
                size="large"
                loading={mutation.isPending && mutation.variables.action === 'check_out'}
                disabled={mutation.isPending}
                onClick={() => void submit('check_out')}
                data-testid="check-out-button"
              >
                {t('attendance.checkOut')}
              </Button>
            </Flex>
          </Form>
        )}
        {activity.status === 'ended' && !attendance && <Alert type="info" title={t('activities.ended')} />}
      </Flex>
    </Card>
  );
}
