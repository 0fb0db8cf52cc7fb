import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Progress, Radio, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { AttendanceView as Attendance } from '@goodloop/contracts';
import { MAX_ATTENDANCE_MINUTES, VERIFY_REASON_MAX_LENGTH } from '@goodloop/contracts/volunteer-limits';
import { isApiError } from '../api/client';
import { errorText } from '../lib/errors';
import { formatPoints } from '../lib/format';
import { checkWholeNumber, textLength, tooLong } from './activity-form-rules';
import { planBulkVerify, runBulkVerify, verifyBodyFor, type BulkMinutes, type BulkOutcome } from './bulk-verify';
import { rosterKeys, verifyAttendance } from './organizer.api';

interface BulkValues {
  mode: 'recorded' | 'same';
  minutes?: number | null;
  reason?: string;
}

/**
 * Verifies the selected checked-out attendances in one action: with each person's recorded
 * minutes, or the same minutes for everyone (a correction for anyone whose record differs, so
 * it carries a reason). Before sending it says how many will wait for a second manager and how
 * many a raise above the scheduled length would have refused; afterwards it lists every person
 * with their own outcome. Each verification has its own Idempotency-Key, kept for the same body
 * while the dialog is open: pressing "retry" after a lost answer cannot pay anyone twice.
 */
export function BulkVerifyDialog(props: {
  selection: Attendance[];
  activityId: string;
  pointsPerHour: number;
  scheduledMinutes: number;
  raiseApprovalMinutes: number;
  onClose: () => void;
}) {
  const { selection, activityId, pointsPerHour, scheduledMinutes, raiseApprovalMinutes, onClose } = props;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BulkValues>();
  const keys = useRef(new Map<string, string>());
  const [outcomes, setOutcomes] = useState<Map<string, BulkOutcome>>(new Map());
  const [running, setRunning] = useState(false);

  const mode = Form.useWatch('mode', form) ?? 'recorded';
  const minutes = Form.useWatch('minutes', form);
  const reason = Form.useWatch('reason', form);
  const sameMinutes = typeof minutes === 'number' && checkWholeNumber(minutes, 0, MAX_ATTENDANCE_MINUTES) === null;
  const choice: BulkMinutes | null =
    mode === 'recorded' ? { mode: 'recorded' } : sameMinutes ? { mode: 'same', minutes, reason } : null;

  // Whom the next press sends: everyone not yet verified or proposed (the refused, on a retry).
  const remaining = selection.filter((a) => {
    const outcome = outcomes.get(a.id);
    return !outcome || outcome.state === 'refused';
  });
  const plan = choice ? planBulkVerify(remaining, choice, { raiseApprovalMinutes, scheduledMinutes, pointsPerHour }) : null;
  const done = [...outcomes.values()];
  const counts = {
    verified: done.filter((o) => o.state === 'verified').length,
    pending: done.filter((o) => o.state === 'pending_approval').length,
    refused: done.filter((o) => o.state === 'refused').length,
  };
  const finished = done.length > 0 && !running;

  const keyFor = (attendance: Attendance, body: object): string => {
    const id = `${attendance.id} ${JSON.stringify(body)}`;
    let key = keys.current.get(id);
    if (!key) {
      key = `verify-${attendance.id}-${globalThis.crypto.randomUUID()}`;
      keys.current.set(id, key);
    }
    return key;
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const chosen: BulkMinutes =
      values.mode === 'same' && typeof values.minutes === 'number'
        ? { mode: 'same', minutes: values.minutes, reason: values.reason }
        : { mode: 'recorded' };
    const batch = remaining;
    setRunning(true);
    setOutcomes((previous) => {
      const next = new Map(previous);
      for (const a of batch) next.delete(a.id);
      return next;
    });
    try {
      await runBulkVerify(
        batch,
        (attendance) => {
          const body = verifyBodyFor(attendance, chosen);
          return verifyAttendance({ attendanceId: attendance.id, ...body, idempotencyKey: keyFor(attendance, body) });
        },
        (outcome) => setOutcomes((previous) => new Map(previous).set(outcome.attendanceId, outcome)),
      );
    } finally {
      setRunning(false);
      void queryClient.invalidateQueries({ queryKey: rosterKeys.all(activityId) });
    }
  };

  // A refusal of a field (a raise above the scheduled length) says which rule; others say the code's text.
  const refusalText = (error: unknown): string =>
    isApiError(error) && error.details.length > 0 ? error.details.flatMap((d) => d.errors).join('; ') : errorText(t, error);

  const outcomeTag = (attendance: Attendance) => {
    const outcome = outcomes.get(attendance.id);
    if (!outcome) return running ? <Tag>…</Tag> : null;
    switch (outcome.state) {
      case 'verified':
        return <Tag color="success">{t('bulkVerify.verified', { minutes: outcome.minutes })}</Tag>;
      case 'pending_approval':
        return <Tag color="warning">{t('bulkVerify.pending', { minutes: outcome.minutes })}</Tag>;
      case 'refused':
        return (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="bulk-verify-refusal">
            {t('bulkVerify.refused', { reason: refusalText(outcome.error) })}
          </Typography.Text>
        );
    }
  };

  const footer = finished
    ? [
        counts.refused > 0 && (
          <Button key="retry" onClick={() => void submit()} data-testid="bulk-verify-retry">
            {t('bulkVerify.retry', { n: counts.refused })}
          </Button>
        ),
        <Button key="close" type="primary" onClick={onClose} data-testid="bulk-verify-close">
          {t('bulkVerify.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose} disabled={running}>
          {t('common.cancel')}
        </Button>,
        <Button key="verify" type="primary" loading={running} onClick={() => void submit()} data-testid="bulk-verify-submit">
          {t('bulkVerify.submit', { n: remaining.length })}
        </Button>,
      ];

  return (
    <Modal
      open
      title={t('bulkVerify.title')}
      onCancel={running ? undefined : onClose}
      closable={!running}
      mask={{ closable: false }}
      destroyOnHidden
      footer={footer}
    >
      <Flex vertical gap={12} data-testid="bulk-verify-dialog">
        <Typography.Text>{t('bulkVerify.selected', { n: selection.length })}</Typography.Text>
        <Form<BulkValues>
          form={form}
          layout="vertical"
          initialValues={{ mode: 'recorded' }}
          requiredMark={false}
          disabled={running || finished}
        >
          <Form.Item name="mode" label={t('bulkVerify.mode')}>
            <Radio.Group>
              <Flex vertical gap={4}>
                <Radio value="recorded" data-testid="bulk-verify-mode-recorded">
                  {t('bulkVerify.modeRecorded')}
                </Radio>
                <Radio value="same" data-testid="bulk-verify-mode-same">
                  {t('bulkVerify.modeSame')}
                </Radio>
              </Flex>
            </Radio.Group>
          </Form.Item>
          {mode === 'same' && (
            <>
              <Form.Item
                name="minutes"
                label={t('bulkVerify.minutes')}
                rules={[
                  {
                    required: true,
                    // Refused, never rounded or clamped; a raise may not pass the scheduled length.
                    validator: async (_rule, value: unknown) => {
                      if (checkWholeNumber(value, 0, MAX_ATTENDANCE_MINUTES))
                        throw new Error(t('bulkVerify.minutesRange', { max: MAX_ATTENDANCE_MINUTES }));
                      const raised = remaining.some((a) => (value as number) > (a.recordedMinutes ?? 0));
                      if (raised && (value as number) > scheduledMinutes)
                        throw new Error(t('bulkVerify.aboveSchedule', { max: scheduledMinutes }));
                    },
                  },
                ]}
              >
                <InputNumber inputMode="numeric" style={{ width: '100%' }} data-testid="bulk-verify-minutes" />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('bulkVerify.reason')}
                dependencies={['minutes']}
                rules={[
                  {
                    required: (plan?.changed ?? 0) > 0,
                    whitespace: true,
                    message: t('bulkVerify.reasonRequired'),
                  },
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
                  data-testid="bulk-verify-reason"
                />
              </Form.Item>
            </>
          )}
        </Form>
        {!finished && plan && (
          <Flex vertical gap={8}>
            {plan.changed > 0 && (
              <Typography.Text type="secondary">{t('bulkVerify.changes', { n: plan.changed })}</Typography.Text>
            )}
            <Typography.Text type="success" data-testid="bulk-verify-points-preview">
              {t('bulkVerify.pointsPreview', { points: formatPoints(plan.points) })}
            </Typography.Text>
            {plan.needsApproval > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('bulkVerify.needsApproval', { n: plan.needsApproval, threshold: raiseApprovalMinutes })}
                data-testid="bulk-verify-needs-approval"
              />
            )}
          </Flex>
        )}
        {(running || finished) && (
          <Progress
            percent={Math.floor((done.length * 100) / Math.max(1, selection.length))}
            size="small"
            format={() => `${done.length}/${selection.length}`}
          />
        )}
        {finished && (
          <Alert
            type={counts.refused > 0 ? 'warning' : 'success'}
            showIcon
            title={t('bulkVerify.summary', counts)}
            data-testid="bulk-verify-summary"
          />
        )}
        <Flex vertical className="gl-bulk-results" style={{ maxHeight: 280, overflowY: 'auto' }}>
          {selection.map((attendance) => (
            <Flex
              key={attendance.id}
              justify="space-between"
              align="center"
              gap={8}
              wrap
              className="gl-roster-row"
              data-testid="bulk-verify-result"
              data-user-id={attendance.userId}
              data-state={outcomes.get(attendance.id)?.state ?? 'waiting'}
            >
              <Typography.Text>
                {attendance.userName}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' · '}
                  {attendance.recordedMinutes === null
                    ? t('common.notSet')
                    : t('common.minutes', { n: attendance.recordedMinutes })}
                </Typography.Text>
              </Typography.Text>
              {outcomeTag(attendance)}
            </Flex>
          ))}
        </Flex>
      </Flex>
    </Modal>
  );
}
