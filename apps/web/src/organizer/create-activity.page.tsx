import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography, type FormRule } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import type { ActivityCategory, CreateActivityDto as CreateActivityBody } from '@goodloop/contracts';
import { ACTIVITY_CATEGORIES } from '../activities/categories';
import { PageLoading } from '../layout/page-state';
import { applyFieldErrors, errorText } from '../lib/errors';
import { localInputToIso } from '../lib/format';
import { ACTIVITY_LIMITS, checkWholeNumber, startsInThePast, textLength, tooLong } from './activity-form-rules';
import { useCreateActivity, useOrganizerOrgs } from './organizer.api';
import { useAuth } from '../auth/auth-context';

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

/** antd's character counter, counting as the API does (trimmed, by character). */
const counter = (max: number) => ({ show: true, max, strategy: textLength });

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

/** Required, whole and within [min, max], each with its own message; the typed value stays as it is. */
function wholeNumberRule(
  min: number,
  max: number,
  messages: { required: string; notWhole: string; outOfRange: string },
): FormRule {
  return {
    required: true,
    validator: async (_rule, value: unknown) => {
      const problem = checkWholeNumber(value, min, max);
      if (problem) throw new Error(messages[problem]);
    },
  };
}

export default function CreateActivityPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { orgs, isPending } = useOrganizerOrgs();
  const { meLoading } = useAuth();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateActivity();
  const [formErrors, setFormErrors] = useState<string[]>([]);

  // The form's initial organisation comes from my memberships: wait for them.
  if (isPending || meLoading) return <PageLoading />;

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
          // The first refused field is brought into view (on a phone it is often above the button).
          scrollToFirstError={{ block: 'center', behavior: 'smooth' }}
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
              {
                validator: async (_rule, value: string | undefined) => {
                  if (tooLong(value, ACTIVITY_LIMITS.titleMax))
                    throw new Error(t('createActivity.titleLength', { max: ACTIVITY_LIMITS.titleMax, n: textLength(value) }));
                },
              },
            ]}
          >
            <Input count={counter(ACTIVITY_LIMITS.titleMax)} data-testid="activity-form-title" />
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
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  if (tooLong(value, ACTIVITY_LIMITS.descriptionMax))
                    throw new Error(
                      t('createActivity.descriptionLength', { max: ACTIVITY_LIMITS.descriptionMax, n: textLength(value) }),
                    );
                },
              },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              count={counter(ACTIVITY_LIMITS.descriptionMax)}
              data-testid="activity-form-description"
            />
          </Form.Item>
          <Form.Item
            name={['place', 'name']}
            label={t('createActivity.placeName')}
            rules={[
              { required: true, whitespace: true, message: t('createActivity.placeNameRequired') },
              {
                validator: async (_rule, value: string | undefined) => {
                  if (tooLong(value, ACTIVITY_LIMITS.placeNameMax))
                    throw new Error(t('createActivity.textTooLong', { max: ACTIVITY_LIMITS.placeNameMax, n: textLength(value) }));
                },
              },
            ]}
          >
            <Input data-testid="activity-form-place-name" />
          </Form.Item>
          <Form.Item
            name={['place', 'address']}
            label={t('createActivity.placeAddress')}
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  if (tooLong(value, ACTIVITY_LIMITS.placeAddressMax))
                    throw new Error(
                      t('createActivity.textTooLong', { max: ACTIVITY_LIMITS.placeAddressMax, n: textLength(value) }),
                    );
                },
              },
            ]}
          >
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
              {
                // Entering an activity afterwards is allowed: say so, but let it through.
                warningOnly: true,
                validator: async (_rule, value: string | undefined) => {
                  if (startsInThePast(value)) throw new Error(t('createActivity.startsInPast'));
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
                wholeNumberRule(ACTIVITY_LIMITS.capacityMin, ACTIVITY_LIMITS.capacityMax, {
                  required: t('createActivity.capacityRequired'),
                  notWhole: t('createActivity.capacityWhole'),
                  outOfRange: t('createActivity.capacityRange', {
                    min: ACTIVITY_LIMITS.capacityMin,
                    max: ACTIVITY_LIMITS.capacityMax,
                  }),
                }),
              ]}
            >
              {/* No min/max/precision: antd would clamp and round silently; the rule refuses instead. */}
              <InputNumber inputMode="numeric" style={{ width: '100%' }} data-testid="activity-form-capacity" />
            </Form.Item>
            <Form.Item
              name="pointsPerHour"
              label={t('createActivity.pointsPerHour')}
              style={{ flex: 1 }}
              rules={[
                wholeNumberRule(ACTIVITY_LIMITS.pointsMin, ACTIVITY_LIMITS.pointsMax, {
                  required: t('createActivity.pointsPerHourRequired'),
                  notWhole: t('createActivity.pointsPerHourWhole'),
                  outOfRange: t('createActivity.pointsPerHourRange', {
                    min: ACTIVITY_LIMITS.pointsMin,
                    max: ACTIVITY_LIMITS.pointsMax,
                  }),
                }),
              ]}
            >
              <InputNumber inputMode="numeric" style={{ width: '100%' }} data-testid="activity-form-points-per-hour" />
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
