import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import type { AttendanceView as Attendance } from '@goodloop/contracts';
import { applyFieldErrors, errorText } from '../lib/errors';
import { formatPoints, pointsForMinutes } from '../lib/format';
import { MAX_ATTENDANCE_MINUTES as MAX_MINUTES, VERIFY_REASON_MAX_LENGTH } from '@goodloop/contracts/volunteer-limits';
import { checkWholeNumber, textLength, tooLong } from './activity-form-rules';
import { useVerifyAttendance } from './organizer.api';

interface VerifyValues {
  minutes: number | null;
  reason?: string;
}

/**
 * Confirms a volunteer's time. The recorded minutes are kept unless the organizer corrects them,
 * and a correction needs a reason. Mounted fresh for each attendance, so its idempotency key
 * belongs to this one verification: pressing "verify" again after a lost answer cannot pay twice.
 * A raise above the recorded minutes by more than `raiseApprovalMinutes` (the programme's
 * two-person threshold) is said beforehand to need a second manager; the server then keeps it
 * waiting for approval instead of verifying it.
 */
export function VerifyDialog(props: {
  attendance: Attendance;
  activityId: string;
  pointsPerHour: number;
  raiseApprovalMinutes: number;
  onClose: () => void;
}) {
  const { attendance, activityId, pointsPerHour, raiseApprovalMinutes, onClose } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<VerifyValues>();
  const verify = useVerifyAttendance(activityId);
  const [idempotencyKey] = useState(() => `verify-${attendance.id}-${globalThis.crypto.randomUUID()}`);
  const [formError, setFormError] = useState<string | null>(null);
  const recorded = attendance.recordedMinutes;
  const minutes = Form.useWatch('minutes', form);
  const effectiveMinutes = typeof minutes === 'number' && Number.isSafeInteger(minutes) && minutes >= 0 ? minutes : recorded;
  const corrected = typeof minutes === 'number' && minutes !== recorded;
  const needsApproval = corrected && effectiveMinutes !== null && effectiveMinutes - (recorded ?? 0) > raiseApprovalMinutes;

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setFormError(null);
    try {
      const result = await verify.mutateAsync({
        attendanceId: attendance.id,
        idempotencyKey,
        ...(corrected && values.minutes !== null ? { minutes: values.minutes, reason: values.reason?.trim() } : {}),
      });
      void message.success(t(result.status === 'pending_approval' ? 'verify.proposed' : 'verify.done'));
      onClose();
    } catch (error) {
      const unplaced = applyFieldErrors(form, error, ['minutes', 'reason']);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : hasFieldErrors ? null : errorText(t, error));
    }
  };

  return (
    <Modal
      open
      title={t('verify.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="verify" type="primary" loading={verify.isPending} onClick={() => void submit()} data-testid="verify-submit">
          {t('verify.submit')}
        </Button>,
      ]}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'who', label: t('verify.volunteer'), children: attendance.userName },
          {
            key: 'recorded',
            label: t('verify.recorded'),
            children: recorded === null ? t('common.notSet') : t('common.minutes', { n: recorded }),
          },
        ]}
      />
      <Form<VerifyValues> form={form} layout="vertical" initialValues={{ minutes: recorded }} requiredMark={false}>
        <Form.Item
          name="minutes"
          label={t('verify.minutes')}
          extra={t('verify.minutesHint')}
          rules={[
            {
              // Refused, never rounded or clamped: 2.5 or 2000 stays as typed, with the message.
              validator: async (_rule, value: unknown) => {
                if ((value === null || value === undefined) && recorded !== null) return;
                if (checkWholeNumber(value, 0, MAX_MINUTES)) throw new Error(t('verify.minutesRange'));
              },
            },
          ]}
        >
          <InputNumber inputMode="numeric" style={{ width: '100%' }} data-testid="verify-minutes" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('verify.reason')}
          dependencies={['minutes']}
          rules={[
            { required: corrected, whitespace: true, message: t('verify.reasonRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (tooLong(value, VERIFY_REASON_MAX_LENGTH))
                  throw new Error(t('createActivity.textTooLong', { max: VERIFY_REASON_MAX_LENGTH, n: textLength(value) }));
              },
            },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            count={{ show: true, max: VERIFY_REASON_MAX_LENGTH, strategy: textLength }}
            disabled={!corrected}
            data-testid="verify-reason"
          />
        </Form.Item>
      </Form>
      {effectiveMinutes !== null && (
        <Typography.Text type="success" data-testid="verify-points-preview">
          {t('verify.pointsPreview', { points: formatPoints(pointsForMinutes(effectiveMinutes, pointsPerHour)) })}
        </Typography.Text>
      )}
      {needsApproval && (
        <Alert
          type="warning"
          showIcon
          title={t('verify.needsApproval', { threshold: raiseApprovalMinutes })}
          style={{ marginTop: 12 }}
          data-testid="verify-needs-approval"
        />
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
