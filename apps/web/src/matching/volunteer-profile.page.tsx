import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, Input, Progress, Select, Typography, type FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api/client';
import { PageError, PageLoading } from '../layout/page-state';
import { maxTextRule, textCounter } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { formatDateTime, formatTimeRange } from '../lib/format';
import { parseWholeNumber } from '../lib/money-input';
import { placeFieldErrors } from './field-errors';
import { coordinateText, useCurrentPosition } from './geolocation';
import { useCatalogueNames, type CatalogueNames } from './matching-labels';
import {
  NEED_LIMITS,
  useCatalogue,
  useMatchInvitations,
  useSaveVolunteerProfile,
  useVolunteerProfile,
  type UpdateVolunteerProfileDto,
  type VolunteerProfileView,
} from './matching.api';
import { END_OF_DAY, parseCoordinate, slotEndsAfterStart, TIME_OF_DAY } from './need-form-rules';
import { hoursToNextStar, Stars } from './stars';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface SlotValues {
  weekday: number;
  from?: string;
  to?: string;
}

interface FormValues {
  skills: string[];
  availability: SlotValues[];
  /** Typed as text; all four or none. */
  homeArea: { address?: string; lat?: string; lng?: string; reachKm?: string };
}

const FORM_FIELDS = ['skills', 'availability', 'homeArea'] as const;

function initialValues(profile: VolunteerProfileView): FormValues {
  return {
    skills: profile.skills.map((s) => s.skill),
    availability: profile.availability.map((slot) => ({ ...slot })),
    homeArea: profile.homeArea
      ? {
          address: profile.homeArea.address,
          lat: String(profile.homeArea.lat),
          lng: String(profile.homeArea.lng),
          reachKm: String(profile.homeArea.reachKm),
        }
      : {},
  };
}

function homeIsEmpty(home: FormValues['homeArea'] | undefined): boolean {
  return !home || [home.address, home.lat, home.lng, home.reachKm].every((v) => (v ?? '').trim() === '');
}

function toBody(values: FormValues): UpdateVolunteerProfileDto {
  const home = values.homeArea;
  const lat = parseCoordinate(home.lat, 'lat');
  const lng = parseCoordinate(home.lng, 'lng');
  const reach = parseWholeNumber(home.reachKm, NEED_LIMITS.reachMin, NEED_LIMITS.reachMax);
  return {
    skills: values.skills,
    availability: (values.availability ?? []).map((slot) => ({
      weekday: slot.weekday,
      from: slot.from ?? '',
      to: slot.to ?? '',
    })),
    // The rules guarantee that a home area that is not empty parses whole.
    homeArea:
      homeIsEmpty(home) || !lat.ok || !lng.ok || !reach.ok
        ? null
        : { address: (home.address ?? '').trim(), lat: lat.value, lng: lng.value, reachKm: reach.value },
  };
}

/** A part of the home area: required once any part is filled in, then checked by `check`. */
function homePartRule(t: TFunction, check?: (value: string) => string | null): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value: string | undefined) => {
      if (homeIsEmpty(getFieldValue('homeArea') as FormValues['homeArea'])) return;
      if ((value ?? '').trim() === '') throw new Error(t('volunteerProfile.homeIncomplete'));
      const problem = check?.(value ?? '');
      if (problem) throw new Error(problem);
    },
  });
}

function coordinateProblem(t: TFunction, axis: 'lat' | 'lng'): (value: string) => string | null {
  return (value) => {
    const parsed = parseCoordinate(value, axis);
    if (parsed.ok) return null;
    if (parsed.problem === 'range') return axis === 'lat' ? t('needForm.latRange') : t('needForm.lngRange');
    return t('needForm.coordinateFormat');
  };
}

/** The skill checkboxes; Form.Item hands it `value` and `onChange`. */
function reachProblem(t: TFunction, value: string): string | null {
  const parsed = parseWholeNumber(value, NEED_LIMITS.reachMin, NEED_LIMITS.reachMax);
  if (parsed.ok) return null;
  if (parsed.problem === 'decimals' || parsed.problem === 'format') return t('amounts.whole');
  return t('amounts.wholeRange', { min: NEED_LIMITS.reachMin, max: NEED_LIMITS.reachMax });
}

function SkillChoice(props: {
  profile: VolunteerProfileView;
  names: CatalogueNames;
  value?: string[];
  onChange?: (value: string[]) => void;
}) {
  const { profile, names, value, onChange } = props;
  const { t } = useTranslation();
  const listed = new Map(profile.skills.map((s) => [s.skill, s]));
  return (
    <Checkbox.Group className="gl-check-grid" value={value} onChange={(checked) => onChange?.(checked.map(String))}>
      {names.skills.map((skill) => {
        const mine = listed.get(skill.code);
        return (
          <Checkbox key={skill.code} value={skill.code} data-testid={`profile-skill-${skill.code}`}>
            <span className="gl-check-label">
              <span>{skill.name}</span>
              {mine?.confirmedBy && (
                <Typography.Text type="success" className="gl-check-note" data-testid="skill-confirmed">
                  ✓ {t('volunteerProfile.confirmedBy', { name: mine.confirmedByName || t('volunteerProfile.anOrganizer') })}
                </Typography.Text>
              )}
              {mine && !mine.confirmedBy && (
                <Typography.Text type="secondary" className="gl-check-note">
                  {t('volunteerProfile.unconfirmed')}
                </Typography.Text>
              )}
            </span>
          </Checkbox>
        );
      })}
    </Checkbox.Group>
  );
}

function ProfileForm({ profile, names }: { profile: VolunteerProfileView; names: CatalogueNames }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveVolunteerProfile();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [position, askPosition] = useCurrentPosition();

  useEffect(() => {
    if (position.status !== 'found') return;
    form.setFieldValue(['homeArea', 'lat'], coordinateText(position.lat));
    form.setFieldValue(['homeArea', 'lng'], coordinateText(position.lng));
    void form
      .validateFields([
        ['homeArea', 'lat'],
        ['homeArea', 'lng'],
      ])
      .catch(() => undefined);
  }, [position, form]);

  const submit = async (values: FormValues) => {
    setFormErrors([]);
    try {
      await save.mutateAsync(toBody(values));
      void message.success(t('volunteerProfile.saved'));
    } catch (error) {
      const unplaced = placeFieldErrors(form, error, FORM_FIELDS);
      const hasFieldErrors = isApiError(error) && error.details.length > 0;
      setFormErrors(unplaced.length > 0 ? unplaced : hasFieldErrors ? [] : [errorText(t, error)]);
    }
  };

  const weekdayOptions = WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.d${d}`) }));

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues(profile)}
      onFinish={(values) => void submit(values)}
      scrollToFirstError={{ block: 'center', behavior: 'smooth' }}
      data-testid="profile-form"
    >
      <Card size="small" title={t('volunteerProfile.skills')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('volunteerProfile.skillsHint')}
        </Typography.Paragraph>
        <Form.Item name="skills" style={{ marginBottom: 0 }}>
          <SkillChoice profile={profile} names={names} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('volunteerProfile.availability')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('volunteerProfile.availabilityHint')}
        </Typography.Paragraph>
        <Form.List name="availability">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.length === 0 && (
                <Typography.Text type="secondary" data-testid="profile-no-slots">
                  {t('volunteerProfile.noSlots')}
                </Typography.Text>
              )}
              {fields.map((field) => (
                <div key={field.key} className="gl-slot" data-testid="profile-slot">
                  <Form.Item name={[field.name, 'weekday']} style={{ marginBottom: 0 }} className="gl-slot-day">
                    <Select
                      options={weekdayOptions}
                      aria-label={t('volunteerProfile.weekday')}
                      data-testid="profile-slot-weekday"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'from']}
                    style={{ marginBottom: 0 }}
                    className="gl-slot-time"
                    rules={[
                      { required: true, message: t('volunteerProfile.timeRequired') },
                      { pattern: TIME_OF_DAY, message: t('volunteerProfile.timeFormat') },
                    ]}
                  >
                    <Input type="time" aria-label={t('volunteerProfile.from')} data-testid="profile-slot-from" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'to']}
                    style={{ marginBottom: 0 }}
                    className="gl-slot-time gl-slot-to"
                    dependencies={[['availability', field.name, 'from']]}
                    rules={[
                      { required: true, message: t('volunteerProfile.timeRequired') },
                      { pattern: END_OF_DAY, message: t('volunteerProfile.timeFormat') },
                      ({ getFieldValue }) => ({
                        validator: async (_rule, value: string | undefined) => {
                          const from = getFieldValue(['availability', field.name, 'from']) as string | undefined;
                          if (!slotEndsAfterStart(from, value)) throw new Error(t('volunteerProfile.slotOrder'));
                        },
                      }),
                    ]}
                  >
                    <Input type="time" aria-label={t('volunteerProfile.to')} data-testid="profile-slot-to" />
                  </Form.Item>
                  <Button
                    onClick={() => remove(field.name)}
                    aria-label={t('volunteerProfile.removeSlot')}
                    data-testid="profile-slot-remove"
                  >
                    ✕
                  </Button>
                </div>
              ))}
              <Button
                onClick={() => add({ weekday: 6, from: '09:00', to: '12:00' })}
                disabled={fields.length >= NEED_LIMITS.slotsMax}
                data-testid="profile-add-slot"
              >
                {t('volunteerProfile.addSlot')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('volunteerProfile.homeArea')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('volunteerProfile.homeHint')}
        </Typography.Paragraph>
        <Form.Item
          name={['homeArea', 'address']}
          label={t('volunteerProfile.homeAddress')}
          dependencies={[
            ['homeArea', 'lat'],
            ['homeArea', 'lng'],
            ['homeArea', 'reachKm'],
          ]}
          rules={[homePartRule(t), maxTextRule(t, NEED_LIMITS.addressMax)]}
        >
          <Input count={textCounter(NEED_LIMITS.addressMax)} data-testid="profile-home-address" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name={['homeArea', 'lat']}
            label={t('needForm.lat')}
            style={{ flex: 1, minWidth: 0 }}
            dependencies={[
              ['homeArea', 'address'],
              ['homeArea', 'lng'],
              ['homeArea', 'reachKm'],
            ]}
            rules={[homePartRule(t, coordinateProblem(t, 'lat'))]}
          >
            <Input inputMode="decimal" data-testid="profile-home-lat" />
          </Form.Item>
          <Form.Item
            name={['homeArea', 'lng']}
            label={t('needForm.lng')}
            style={{ flex: 1, minWidth: 0 }}
            dependencies={[
              ['homeArea', 'address'],
              ['homeArea', 'lat'],
              ['homeArea', 'reachKm'],
            ]}
            rules={[homePartRule(t, coordinateProblem(t, 'lng'))]}
          >
            <Input inputMode="decimal" data-testid="profile-home-lng" />
          </Form.Item>
        </Flex>
        <Flex vertical gap={4} style={{ marginBottom: 16 }}>
          <Button onClick={askPosition} loading={position.status === 'asking'} data-testid="profile-locate">
            {t('matching.useMyLocation')}
          </Button>
          {(position.status === 'denied' || position.status === 'unavailable') && (
            <Typography.Text type="warning">
              {position.status === 'denied' ? t('matching.positionDenied') : t('matching.positionUnavailable')}
            </Typography.Text>
          )}
        </Flex>
        <Form.Item
          name={['homeArea', 'reachKm']}
          label={t('volunteerProfile.reach')}
          dependencies={[
            ['homeArea', 'address'],
            ['homeArea', 'lat'],
            ['homeArea', 'lng'],
          ]}
          rules={[homePartRule(t, (value) => reachProblem(t, value))]}
        >
          <Input inputMode="numeric" suffix="km" style={{ maxWidth: 200 }} data-testid="profile-home-reach" />
        </Form.Item>
      </Card>
      {formErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('createActivity.fixErrors')}
          description={formErrors.join('; ')}
          style={{ marginBottom: 12 }}
          data-testid="profile-form-error"
        />
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={save.isPending} data-testid="profile-save">
        {t('volunteerProfile.save')}
      </Button>
    </Form>
  );
}

function Invitations({ names }: { names: CatalogueNames }) {
  const { t, i18n } = useTranslation();
  const query = useMatchInvitations();
  const items = query.data?.items ?? [];
  return (
    <Card size="small" title={t('volunteerProfile.invitations')} data-testid="match-invitations">
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteerProfile.noInvitations')} />
      ) : (
        <Flex vertical gap={10}>
          {items.map((invitation) => (
            <Flex key={invitation.matchId} vertical gap={2} className="gl-entry" data-testid="match-invitation">
              <Link to={`/needs/${invitation.needId}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
                {invitation.title}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {names.name(invitation.skill)} · {invitation.address}
              </Typography.Text>
              {invitation.windowStart && invitation.windowEnd && (
                <Typography.Text style={{ fontSize: 13 }}>
                  {formatTimeRange(invitation.windowStart, invitation.windowEnd, i18n.language)}
                </Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('volunteerProfile.invitedAt', { date: formatDateTime(invitation.invitedAt, i18n.language) })}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/** Hours, stars and the way to the next star. */
export function StarSummary({
  profile,
}: {
  profile: Pick<VolunteerProfileView, 'verifiedHours' | 'verifiedMinutes' | 'starLevel' | 'nextStar'>;
}) {
  const { t } = useTranslation();
  const next = profile.nextStar;
  return (
    <Flex vertical gap={4} data-testid="profile-summary">
      <Flex align="center" gap={12} wrap>
        <Stars level={profile.starLevel} />
        <Typography.Text strong data-testid="profile-hours">
          {t('volunteerProfile.hours', { hours: profile.verifiedHours.toFixed(1) })}
        </Typography.Text>
      </Flex>
      {next ? (
        <>
          <Progress
            percent={Math.min(100, Math.floor((profile.verifiedMinutes * 100) / (next.hours * 60)))}
            showInfo={false}
            size="small"
            aria-label={t('volunteerProfile.toNext', {
              hours: hoursToNextStar(profile.verifiedMinutes, next.hours),
              level: next.level,
            })}
          />
          <Typography.Text type="secondary" data-testid="profile-next-star">
            {t('volunteerProfile.toNext', { hours: hoursToNextStar(profile.verifiedMinutes, next.hours), level: next.level })}
          </Typography.Text>
        </>
      ) : (
        <Typography.Text type="secondary">{t('volunteerProfile.topStar')}</Typography.Text>
      )}
    </Flex>
  );
}

/**
 * 志愿者资料: what I can do (and who vouched for it), when I am free each week, where I live and
 * how far I will go — what matching needs to propose me for a community need — with my verified
 * hours and stars, and the needs I was matched to.
 */
export default function VolunteerProfilePage() {
  const { t } = useTranslation();
  const names = useCatalogueNames();
  const catalogue = useCatalogue();
  const query = useVolunteerProfile();
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  if (catalogue.isError) return <PageError error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  // The skill list comes from the catalogue: the form starts once both are here.
  if (query.isPending || !names.loaded) return <PageLoading />;
  const profile = query.data;
  return (
    <Flex vertical gap={12}>
      <Link to="/me">← {t('me.title')}</Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('volunteerProfile.title')}
      </Typography.Title>
      <Card size="small">
        <Flex vertical gap={6}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {profile.displayName}
          </Typography.Text>
          <StarSummary profile={profile} />
        </Flex>
      </Card>
      <Invitations names={names} />
      <ProfileForm profile={profile} names={names} />
    </Flex>
  );
}
