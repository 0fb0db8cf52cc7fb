import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import type { ActivityCategory, CreateActivityDto as CreateActivityBody } from '@goodloop/contracts';
import { ACTIVITY_CATEGORIES } from '../activities/categories';
import { PageLoading } from '../layout/page-state';
import { applyFieldErrors, errorText } from '../lib/errors';
import { localInputToIso } from '../lib/format';
import { useCreateActivity, useOrganizerOrgs } from './organizer.api';

interface FormValues {
  orgId: string;
  title: string;
  description?: string;
  category: ActivityCategory;
  place: { name: string; address?: string };
  /** `<input type="datetime-local">` values, local time. */
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
}

/** Server field names this form shows, for placing its validation errors. */
const FORM_FIELDS = [
  'orgId',
  'title',
  'description',
  'category',
  'place.name',
  'place.address',
  'startsAt',
  'endsAt',
  'capacity',
  'pointsPerHour',
] as const;

function toBody(values: FormValues): CreateActivityBody {
  const description = values.description?.trim();
  const address = values.place.address?.trim();
  return {
    orgId: values.orgId,
    title: values.title.trim(),
    ...(description ? { description } : {}),
    category: values.category,
    place: { name: values.place.name.trim(), ...(address ? { address } : {}) },
    // Validation below guarantees both parse.
    startsAt: localInputToIso(values.startsAt) ?? '',
    endsAt: localInputToIso(values.endsAt) ?? '',
    capacity: values.capacity,
    pointsPerHour: values.pointsPerHour,
  };
}

export default function CreateActivityPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { orgs, isPending } = useOrganizerOrgs();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateActivity();
  const [formErrors, setFormErrors] = useState<string[]>([]);

  if (isPending) return <PageLoading />;

  const requestedOrg = params.get('orgId');
  const initialOrg = orgs.find((org) => org.id === requestedOrg)?.id ?? orgs[0]?.id;

  const submit = async (values: FormValues) => {
    setFormErrors([]);
    try {
      const activity = await create.mutateAsync(toBody(values));
      void message.success(t('createActivity.created'));
      void navigate(`/organizer/activities/${activity.id}`, { replace: true });
    } catch (error) {
      // Field errors go next to their fields; what has no field here (or no field at all) goes on top.
      const unplaced = applyFieldErrors(form, error, FORM_FIELDS);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormErrors(unplaced.length > 0 ? unplaced : hasFieldErrors ? [] : [errorText(t, error)]);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Link to="/organizer">← {t('common.back')}</Link>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('createActivity.title')}
        </Typography.Title>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          initialValues={{ orgId: initialOrg, capacity: 20, pointsPerHour: 10 }}
          scrollToFirstError
          data-testid="activity-form"
        >
          <Form.Item
            name="orgId"
            label={t('createActivity.org')}
            rules={[{ required: true, message: t('createActivity.orgRequired') }]}
          >
            <Select options={orgs.map((org) => ({ value: org.id, label: org.name }))} data-testid="activity-form-org" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('createActivity.activityTitle')}
            rules={[
              { required: true, whitespace: true, message: t('createActivity.titleRequired') },
              { max: 120, message: t('createActivity.titleLength') },
            ]}
          >
            <Input maxLength={120} data-testid="activity-form-title" />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('createActivity.category')}
            rules={[{ required: true, message: t('createActivity.categoryRequired') }]}
          >
            <Select
              options={ACTIVITY_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              data-testid="activity-form-category"
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('createActivity.description')}
            rules={[{ max: 4000, message: t('createActivity.descriptionLength') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={4000}
              showCount
              data-testid="activity-form-description"
            />
          </Form.Item>
          <Form.Item
            name={['place', 'name']}
            label={t('createActivity.placeName')}
            rules={[{ required: true, whitespace: true, message: t('createActivity.placeNameRequired') }]}
          >
            <Input data-testid="activity-form-place-name" />
          </Form.Item>
          <Form.Item name={['place', 'address']} label={t('createActivity.placeAddress')}>
            <Input data-testid="activity-form-place-address" />
          </Form.Item>
          <Form.Item
            name="startsAt"
            label={t('createActivity.startsAt')}
            rules={[
              { required: true, message: t('createActivity.startsAtRequired') },
              {
                validator: async (_rule, value: string | undefined) => {
                  if (value && !localInputToIso(value)) throw new Error(t('createActivity.startsAtRequired'));
                },
              },
            ]}
          >
            <Input type="datetime-local" data-testid="activity-form-starts-at" />
          </Form.Item>
          <Form.Item
            name="endsAt"
            label={t('createActivity.endsAt')}
            dependencies={['startsAt']}
            rules={[
              { required: true, message: t('createActivity.endsAtRequired') },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  const end = localInputToIso(value);
                  const start = localInputToIso(getFieldValue('startsAt') as string | undefined);
                  if (value && !end) throw new Error(t('createActivity.endsAtRequired'));
                  // ISO instants in UTC with the same format compare correctly as strings.
                  if (start && end && end <= start) throw new Error(t('createActivity.endsAfterStart'));
                },
              }),
            ]}
          >
            <Input type="datetime-local" data-testid="activity-form-ends-at" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item
              name="capacity"
              label={t('createActivity.capacity')}
              style={{ flex: 1 }}
              rules={[
                { required: true, message: t('createActivity.capacityRequired') },
                { type: 'integer', min: 1, max: 10000, message: t('createActivity.capacityRange') },
              ]}
            >
              <InputNumber
                min={1}
                max={10000}
                precision={0}
                inputMode="numeric"
                style={{ width: '100%' }}
                data-testid="activity-form-capacity"
              />
            </Form.Item>
            <Form.Item
              name="pointsPerHour"
              label={t('createActivity.pointsPerHour')}
              style={{ flex: 1 }}
              rules={[
                { required: true, message: t('createActivity.pointsPerHourRequired') },
                { type: 'integer', min: 0, max: 1000, message: t('createActivity.pointsPerHourRange') },
              ]}
            >
              <InputNumber
                min={0}
                max={1000}
                precision={0}
                inputMode="numeric"
                style={{ width: '100%' }}
                data-testid="activity-form-points-per-hour"
              />
            </Form.Item>
          </Flex>
          {formErrors.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('createActivity.fixErrors')}
              description={formErrors.join('; ')}
              style={{ marginBottom: 16 }}
              data-testid="activity-form-error"
            />
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={create.isPending}
            data-testid="activity-form-submit"
          >
            {t('createActivity.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
