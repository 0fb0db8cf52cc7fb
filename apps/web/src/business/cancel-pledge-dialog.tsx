import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maxTextRule, textCounter } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { PLEDGE_LIMITS, useCancelPledge, type PledgeView } from './business.api';

/** Cancels a pledge with the reason, which the business and the staff both see. */
export function CancelPledgeDialog({ pledge, title, onClose }: { pledge: PledgeView; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelPledge();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setError(null);
    try {
      await cancel.mutateAsync({ id: pledge.id, body: { reason: values.reason.trim() } });
      onClose();
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: cancel.isPending, 'data-testid': 'cancel-pledge-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('business.reason')}
          rules={[
            { required: true, whitespace: true, message: t('business.reasonRequired') },
            maxTextRule(t, PLEDGE_LIMITS.reasonMax),
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            count={textCounter(PLEDGE_LIMITS.reasonMax)}
            data-testid="cancel-pledge-reason"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
