import { Alert, App, Button, Card, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceView as Attendance } from '@goodloop/contracts';
import { errorText } from '../lib/errors';
import { useApproveRaise, useRejectRaise } from './organizer.api';

/**
 * The raises of one activity waiting for a second manager (two-person rule). Other managers
 * approve (verified, points credited) or reject with a reason; the proposer and the resident
 * see why they may not — the server refuses them too (OWN_PROPOSAL, SELF_VERIFICATION).
 */
export function PendingApprovals(props: { activityId: string; attendance: Attendance[]; currentUserId: string | undefined }) {
  const { activityId, attendance, currentUserId } = props;
  const { t } = useTranslation();
  const pending = attendance.filter((a) => a.status === 'pending_approval');
  const [rejecting, setRejecting] = useState<Attendance | null>(null);
  if (pending.length === 0) return null;
  return (
    <Card size="small" title={t('approvals.title')} data-testid="pending-approvals">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('approvals.hint')}</Typography.Text>
        {pending.map((a) => (
          <PendingRow key={a.id} activityId={activityId} attendance={a} currentUserId={currentUserId} onReject={setRejecting} />
        ))}
      </Flex>
      {rejecting && (
        <RejectDialog key={rejecting.id} activityId={activityId} attendance={rejecting} onClose={() => setRejecting(null)} />
      )}
    </Card>
  );
}

function PendingRow(props: {
  activityId: string;
  attendance: Attendance;
  currentUserId: string | undefined;
  onReject: (a: Attendance) => void;
}) {
  const { activityId, attendance, currentUserId, onReject } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const approve = useApproveRaise(activityId);
  // One key per row while it is shown: a retried click after a lost answer approves once.
  const [idempotencyKey] = useState(() => `approve-${attendance.id}-${globalThis.crypto.randomUUID()}`);
  const own = attendance.userId === currentUserId;
  const proposedByMe = attendance.proposedBy === currentUserId;

  const onApprove = async () => {
    try {
      await approve.mutateAsync({ attendanceId: attendance.id, idempotencyKey });
      void message.success(t('approvals.approved'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Flex vertical gap={4} className="gl-roster-row" data-testid="pending-approval" data-attendance-id={attendance.id}>
      <Typography.Text strong>
        {t('approvals.proposal', {
          name: attendance.userName,
          recorded: attendance.recordedMinutes ?? 0,
          proposed: attendance.proposedMinutes ?? 0,
        })}
      </Typography.Text>
      {attendance.proposalReason && (
        <Typography.Text type="secondary">{t('approvals.reason', { reason: attendance.proposalReason })}</Typography.Text>
      )}
      <Flex gap={8} justify="flex-end">
        {own ? (
          <Typography.Text type="secondary" data-testid="approval-own-attendance">
            {t('approvals.ownAttendance')}
          </Typography.Text>
        ) : proposedByMe ? (
          <Typography.Text type="secondary" data-testid="approval-proposed-by-me">
            {t('approvals.proposedByYou')}
          </Typography.Text>
        ) : (
          <>
            <Button size="small" danger onClick={() => onReject(attendance)} data-testid="approval-reject">
              {t('approvals.reject')}
            </Button>
            <Button
              size="small"
              type="primary"
              loading={approve.isPending}
              onClick={() => void onApprove()}
              data-testid="approval-approve"
            >
              {t('approvals.approve')}
            </Button>
          </>
        )}
      </Flex>
    </Flex>
  );
}

function RejectDialog(props: { activityId: string; attendance: Attendance; onClose: () => void }) {
  const { activityId, attendance, onClose } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useRejectRaise(activityId);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setFormError(null);
    try {
      await reject.mutateAsync({ attendanceId: attendance.id, reason: values.reason.trim() });
      void message.success(t('approvals.rejected'));
      onClose();
    } catch (error) {
      setFormError(errorText(t, error));
    }
  };

  return (
    <Modal
      open
      title={t('approvals.rejectTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="reject"
          danger
          type="primary"
          loading={reject.isPending}
          onClick={() => void submit()}
          data-testid="reject-submit"
        >
          {t('approvals.reject')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('approvals.rejectReason')}
          rules={[{ required: true, whitespace: true, message: t('approvals.rejectReasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} data-testid="reject-reason" />
        </Form.Item>
      </Form>
      {formError && <Alert type="error" showIcon title={formError} />}
    </Modal>
  );
}
