import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Radio, Segmented, Select, Typography, type FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter, wholeRule } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { localInputToIso } from '../lib/format';
import { parseWholeNumber } from '../lib/money-input';
import { useOrganizerOrgs } from '../organizer/organizer.api';
import { placeFieldErrors } from './field-errors';
import { coordinateText, useCurrentPosition } from './geolocation';
import { useCatalogueNames, useUrgencyLabel, UrgencyMeter } from './matching-labels';
import { MatchingNav } from './matching-nav';
import { NEED_LIMITS, useCreateNeed, type CreateNeedDto, type NeedKind } from './matching.api';
import { checkFutureMoment, endsAfterStart, parseCoordinate } from './need-form-rules';

interface FormValues {
  orgId: string;
  kind: NeedKind;
  title: string;
  description?: string;
  category?: string;
  /** Typed as text: refused when not a whole number, never rounded. */
  quantity: string;
  unit?: string;
  address: string;
  neighbourhood: string;
  lat: string;
  lng: string;
  /** `<input type="datetime-local">` values, local time. */
  deadline: string;
  urgency: number;
  beneficiaries: string[];
  windowStart?: string;
  windowEnd?: string;
}

/** Server field names this form shows, for placing its validation errors. */
const FORM_FIELDS = [
  'orgId',
  'kind',
  'title',
  'description',
  'category',
  'quantity',
  'unit',
  'address',
  'neighbourhood',
  'lat',
  'lng',
  'deadline',
  'urgency',
  'beneficiaries',
  'windowStart',
  'windowEnd',
] as const;

function toBody(values: FormValues): CreateNeedDto {
  const description = values.description?.trim();
  const unit = values.unit?.trim();
  const quantity = parseWholeNumber(values.quantity, 1, NEED_LIMITS.quantityMax);
  const lat = parseCoordinate(values.lat, 'lat');
  const lng = parseCoordinate(values.lng, 'lng');
  return {
    orgId: values.orgId,
    kind: values.kind,
    title: values.title.trim(),
    ...(description ? { description } : {}),
    category: values.category ?? '',
    // The rules below guarantee these parse.
    quantity: quantity.ok ? quantity.value : 0,
    ...(values.kind === 'item' && unit ? { unit } : {}),
    lat: lat.ok ? lat.value : Number.NaN,
    lng: lng.ok ? lng.value : Number.NaN,
    address: values.address.trim(),
    neighbourhood: values.neighbourhood.trim(),
    deadline: localInputToIso(values.deadline) ?? '',
    urgency: values.urgency,
    beneficiaries: values.beneficiaries as CreateNeedDto['beneficiaries'],
    ...(values.kind === 'skill'
      ? { windowStart: localInputToIso(values.windowStart) ?? '', windowEnd: localInputToIso(values.windowEnd) ?? '' }
      : {}),
  };
}

function coordinateRule(t: TFunction, axis: 'lat' | 'lng'): FormRule {
  return {
    required: true,
    validator: async (_rule, value: string | undefined) => {
      const parsed = parseCoordinate(value, axis);
      if (parsed.ok) return;
      if (parsed.problem === 'required') throw new Error(t('needForm.coordinateRequired'));
      if (parsed.problem === 'format') throw new Error(t('needForm.coordinateFormat'));
      throw new Error(axis === 'lat' ? t('needForm.latRange') : t('needForm.lngRange'));
    },
  };
}

function requiredTextRule(message: string, max: number, t: TFunction): FormRule[] {
  return [{ required: true, whitespace: true, message }, maxTextRule(t, max)];
}

/**
 * 发布需求: an organizer posts what their community needs — goods (so many units) or volunteers
 * (so many people, at a time) — where, until when, how urgent and who it helps. The form refuses
 * what the API would refuse, field by field, and leaves what was typed as it was.
 */
export default function CreateNeedPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { orgs, isPending } = useOrganizerOrgs();
  const { meLoading } = useAuth();
  const names = useCatalogueNames();
  const urgencyLabel = useUrgencyLabel();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? 'item';
  const urgency = Form.useWatch('urgency', form) ?? 3;
  const create = useCreateNeed();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // Kept while the form is open, so a retry after a lost answer posts the need once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => globalThis.crypto.randomUUID());
  const [position, askPosition] = useCurrentPosition();

  // "Use my location": the person asked for it, so the two boxes take the position.
  useEffect(() => {
    if (position.status !== 'found') return;
    form.setFieldsValue({ lat: coordinateText(position.lat), lng: coordinateText(position.lng) });
    void form.validateFields(['lat', 'lng']).catch(() => undefined);
  }, [position, form]);

  if (isPending || meLoading) return <PageLoading />;

  const requestedOrg = params.get('orgId');
  const initialOrg = orgs.find((org) => org.id === requestedOrg)?.id ?? orgs[0]?.id;
  const categories = kind === 'skill' ? names.skills : names.itemCategories;

  const submit = async (values: FormValues) => {
    setFormErrors([]);
    try {
      const need = await create.mutateAsync({ body: toBody(values), idempotencyKey });
      void message.success(t('needForm.posted'));
      void navigate(`/needs/${need.id}`, { replace: true });
    } catch (error) {
      // A definite answer (not a lost connection) ends this attempt: the next submit is a new one.
      if (isApiError(error) && error.statusCode !== 0) setIdempotencyKey(globalThis.crypto.randomUUID());
      const unplaced = placeFieldErrors(form, error, FORM_FIELDS);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormErrors(unplaced.length > 0 ? unplaced : hasFieldErrors ? [] : [errorText(t, error)]);
    }
  };

  return (
    <Flex vertical gap={12}>
      <MatchingNav />
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('needForm.title')}
        </Typography.Title>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          initialValues={{ orgId: initialOrg, kind: 'item', urgency: 3, beneficiaries: [] }}
          onValuesChange={(changed: Partial<FormValues>) => {
            // A new kind has another list of categories: a category of the old list no longer applies.
            if (changed.kind) {
              const category = form.getFieldValue('category') as string | undefined;
              const list = changed.kind === 'skill' ? names.skills : names.itemCategories;
              if (category && !list.some((c) => c.code === category)) form.setFieldValue('category', undefined);
            }
          }}
          scrollToFirstError={{ block: 'center', behavior: 'smooth' }}
          data-testid="need-form"
        >
          <Form.Item name="orgId" label={t('needForm.org')} rules={[{ required: true, message: t('needForm.orgRequired') }]}>
            <Select options={orgs.map((org) => ({ value: org.id, label: org.name }))} data-testid="need-form-org" />
          </Form.Item>
          <Form.Item name="kind" label={t('matching.kind')}>
            <Segmented<NeedKind>
              block
              options={[
                { value: 'item', label: <span data-testid="need-form-kind-item">{t('needForm.kindItem')}</span> },
                { value: 'skill', label: <span data-testid="need-form-kind-skill">{t('needForm.kindSkill')}</span> },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('needForm.needTitle')}
            rules={requiredTextRule(t('needForm.titleRequired'), NEED_LIMITS.titleMax, t)}
          >
            <Input
              count={textCounter(NEED_LIMITS.titleMax)}
              placeholder={t('needForm.titlePlaceholder')}
              data-testid="need-form-title"
            />
          </Form.Item>
          <Form.Item
            name="category"
            label={kind === 'skill' ? t('needForm.skill') : t('needForm.itemCategory')}
            rules={[{ required: true, message: kind === 'skill' ? t('needForm.skillRequired') : t('needForm.categoryRequired') }]}
          >
            <Select
              options={categories.map((c) => ({ value: c.code, label: c.name }))}
              loading={!names.loaded}
              data-testid="need-form-category"
            />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item
              name="quantity"
              label={kind === 'skill' ? t('needForm.people') : t('needForm.quantity')}
              style={{ flex: 1 }}
              rules={[wholeRule(t, 1, NEED_LIMITS.quantityMax)]}
            >
              <Input inputMode="numeric" data-testid="need-form-quantity" />
            </Form.Item>
            {kind === 'item' && (
              <Form.Item name="unit" label={t('needForm.unit')} style={{ flex: 1 }} rules={[maxTextRule(t, NEED_LIMITS.unitMax)]}>
                <Input placeholder={t('needForm.unitPlaceholder')} data-testid="need-form-unit" />
              </Form.Item>
            )}
          </Flex>
          <Form.Item
            name="address"
            label={t('needForm.address')}
            rules={requiredTextRule(t('needForm.addressRequired'), NEED_LIMITS.addressMax, t)}
          >
            <Input count={textCounter(NEED_LIMITS.addressMax)} data-testid="need-form-address" />
          </Form.Item>
          <Form.Item
            name="neighbourhood"
            label={t('needForm.neighbourhood')}
            extra={t('needForm.neighbourhoodHint')}
            rules={requiredTextRule(t('needForm.neighbourhoodRequired'), NEED_LIMITS.neighbourhoodMax, t)}
          >
            <Input count={textCounter(NEED_LIMITS.neighbourhoodMax)} data-testid="need-form-neighbourhood" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="lat" label={t('needForm.lat')} style={{ flex: 1, minWidth: 0 }} rules={[coordinateRule(t, 'lat')]}>
              <Input inputMode="decimal" placeholder="30.6598" data-testid="need-form-lat" />
            </Form.Item>
            <Form.Item name="lng" label={t('needForm.lng')} style={{ flex: 1, minWidth: 0 }} rules={[coordinateRule(t, 'lng')]}>
              <Input inputMode="decimal" placeholder="104.0657" data-testid="need-form-lng" />
            </Form.Item>
          </Flex>
          <Flex vertical gap={4} style={{ marginBottom: 16 }}>
            <Button onClick={askPosition} loading={position.status === 'asking'} data-testid="need-form-locate">
              {t('matching.useMyLocation')}
            </Button>
            {(position.status === 'denied' || position.status === 'unavailable') && (
              <Typography.Text type="warning" data-testid="need-form-locate-problem">
                {position.status === 'denied' ? t('matching.positionDenied') : t('matching.positionUnavailable')}
              </Typography.Text>
            )}
          </Flex>
          <Form.Item
            name="deadline"
            label={t('needForm.deadline')}
            rules={[
              {
                required: true,
                validator: async (_rule, value: string | undefined) => {
                  const problem = checkFutureMoment(value);
                  if (problem === 'required' || problem === 'invalid') throw new Error(t('needForm.deadlineRequired'));
                  if (problem === 'past') throw new Error(t('needForm.deadlinePast'));
                },
              },
            ]}
          >
            <Input type="datetime-local" data-testid="need-form-deadline" />
          </Form.Item>
          {kind === 'skill' && (
            <>
              <Form.Item
                name="windowStart"
                label={t('needForm.windowStart')}
                rules={[
                  {
                    required: true,
                    validator: async (_rule, value: string | undefined) => {
                      const problem = checkFutureMoment(value);
                      if (problem === 'required' || problem === 'invalid') throw new Error(t('needForm.windowRequired'));
                      if (problem === 'past') throw new Error(t('needForm.windowPast'));
                    },
                  },
                ]}
              >
                <Input type="datetime-local" data-testid="need-form-window-start" />
              </Form.Item>
              <Form.Item
                name="windowEnd"
                label={t('needForm.windowEnd')}
                dependencies={['windowStart']}
                rules={[
                  { required: true, message: t('needForm.windowRequired') },
                  ({ getFieldValue }) => ({
                    validator: async (_rule, value: string | undefined) => {
                      if (value && !localInputToIso(value)) throw new Error(t('needForm.windowRequired'));
                      if (!endsAfterStart(getFieldValue('windowStart') as string | undefined, value)) {
                        throw new Error(t('needForm.windowOrder'));
                      }
                    },
                  }),
                ]}
              >
                <Input type="datetime-local" data-testid="need-form-window-end" />
              </Form.Item>
            </>
          )}
          <Form.Item name="urgency" label={t('matching.urgency')} extra={<UrgencyMeter urgency={urgency} />}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[1, 2, 3, 4, 5].map((n) => ({
                value: n,
                label: <span data-testid={`need-form-urgency-${n}`}>{n}</span>,
                title: urgencyLabel(n),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="beneficiaries"
            label={t('matching.beneficiaries')}
            rules={[{ required: true, type: 'array', min: 1, message: t('needForm.beneficiariesRequired') }]}
          >
            <Checkbox.Group className="gl-check-grid">
              {names.beneficiaries.map((b) => (
                <Checkbox key={b.code} value={b.code} data-testid={`need-form-beneficiary-${b.code}`}>
                  {b.name}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="description" label={t('needForm.description')} rules={[maxTextRule(t, NEED_LIMITS.descriptionMax)]}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              count={textCounter(NEED_LIMITS.descriptionMax)}
              data-testid="need-form-description"
            />
          </Form.Item>
          {formErrors.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('createActivity.fixErrors')}
              description={formErrors.join('; ')}
              style={{ marginBottom: 16 }}
              data-testid="need-form-error"
            />
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid="need-form-submit">
            {t('needForm.submit')}
          </Button>
        </Form>
      </Card>
      <Link to="/needs">← {t('matching.boardTitle')}</Link>
    </Flex>
  );
}
