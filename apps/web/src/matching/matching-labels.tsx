import { Flex, Progress, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatTimeRange } from '../lib/format';
import {
  useCatalogue,
  type MatchSideAnswer,
  type MatchStatus,
  type NeedKind,
  type NeedStatus,
  type NeedView,
  type RunStatus,
} from './matching.api';

export interface NamedCode {
  code: string;
  name: string;
}

/**
 * The catalogue's names in the UI's language: item categories, skills and beneficiary groups.
 * Until it has loaded (or if it cannot be), a code stands for its own name.
 */
export function useCatalogueNames() {
  const { i18n } = useTranslation();
  const catalogue = useCatalogue();
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const data = catalogue.data;
  return useMemo(() => {
    const named = (list: { code: string; name: { 'zh-CN': string; en: string } }[] | undefined): NamedCode[] =>
      (list ?? []).map((entry) => ({ code: entry.code, name: entry.name[language] }));
    const itemCategories = named(data?.itemCategories);
    const skills = named(data?.skills);
    const beneficiaries = named(data?.beneficiaries);
    const names = new Map([...itemCategories, ...skills, ...beneficiaries].map((entry) => [entry.code, entry.name]));
    return {
      loaded: data !== undefined,
      itemCategories,
      skills,
      beneficiaries,
      name: (code: string) => names.get(code) ?? code,
    };
  }, [data, language]);
}

export type CatalogueNames = ReturnType<typeof useCatalogueNames>;

/*
 * Status tags use the blue preset rather than antd's `processing` status, whose lighter blue text
 * falls short of 4.5:1 on its tint.
 */

/**
 * Urgency 1 (can wait) to 5 (urgent): green to dark red, each dark enough for white text on it
 * (4.5:1 or better) where the map writes the level inside a dot.
 */
export const URGENCY_COLORS = ['#237804', '#876800', '#ad4e00', '#cf1322', '#820014'] as const;

type UrgencyLevel = 1 | 2 | 3 | 4 | 5;

function urgencyLevel(urgency: number): UrgencyLevel {
  return Math.min(5, Math.max(1, Math.trunc(urgency))) as UrgencyLevel;
}

export function urgencyColor(urgency: number): string {
  return URGENCY_COLORS[urgencyLevel(urgency) - 1] ?? URGENCY_COLORS[2];
}

/** "较急" / "Pressing": the word for an urgency. */
export function useUrgencyLabel(): (urgency: number) => string {
  const { t } = useTranslation();
  return (urgency) => t(`urgencyLevels.l${urgencyLevel(urgency)}` as const);
}

/** Five pips and the words: "紧急程度 4/5 · 较急". */
export function UrgencyMeter({ urgency }: { urgency: number }) {
  const { t } = useTranslation();
  const label = useUrgencyLabel();
  const color = urgencyColor(urgency);
  return (
    <span className="gl-urgency" data-testid="need-urgency" data-urgency={urgency}>
      <span className="gl-urgency-pips" aria-hidden="true">
        {[1, 2, 3, 4, 5].map((level) => (
          <span key={level} className="gl-urgency-pip" style={level <= urgency ? { background: color } : undefined} />
        ))}
      </span>
      <span style={{ color }}>{t('matching.urgencyValue', { n: urgency, label: label(urgency) })}</span>
    </span>
  );
}

export function KindTag({ kind }: { kind: NeedKind }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'item' ? 'blue' : 'purple'}>{t(`needKinds.${kind}`)}</Tag>;
}

const NEED_STATUS_COLORS: Record<NeedStatus, string | undefined> = {
  open: 'blue',
  met: 'success',
  closed: undefined,
  expired: undefined,
};

export function NeedStatusTag({ status }: { status: NeedStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={NEED_STATUS_COLORS[status]} data-testid="need-status" data-status={status}>
      {t(`needStatus.${status}`)}
    </Tag>
  );
}

const MATCH_STATUS_COLORS: Record<MatchStatus, string | undefined> = {
  proposed: 'gold',
  accepted: 'blue',
  allocated: 'success',
  short: 'warning',
  declined: 'error',
  superseded: undefined,
};

export function MatchStatusTag({ status }: { status: MatchStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={MATCH_STATUS_COLORS[status]} data-testid="match-status" data-status={status}>
      {t(`matchStatus.${status}`)}
    </Tag>
  );
}

const ANSWER_COLORS: Record<MatchSideAnswer, string | undefined> = {
  pending: undefined,
  accepted: 'success',
  declined: 'error',
};

export function AnswerTag({ answer }: { answer: MatchSideAnswer }) {
  const { t } = useTranslation();
  return <Tag color={ANSWER_COLORS[answer]}>{t(`matchAnswers.${answer}`)}</Tag>;
}

const RUN_STATUS_COLORS: Record<RunStatus, string | undefined> = {
  queued: 'default',
  running: 'blue',
  done: 'success',
  failed: 'error',
};

export function RunStatusTag({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={RUN_STATUS_COLORS[status]} data-testid="run-status" data-status={status}>
      {t(`runStatus.${status}`)}
    </Tag>
  );
}

/** Whole numbers with the language's grouping: 12,345. */
export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(n);
}

/** A distance to one decimal: "1.2 km". */
export function formatKm(km: number, language: string): string {
  return `${new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(km)} km`;
}

/** "+1,200" / "−300" / "±0": a change, always signed. */
export function formatDelta(n: number, language: string): string {
  if (n === 0) return '±0';
  return `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n), language)}`;
}

/** What was given of a need, what is proposed, what remains: a bar and the numbers. */
export function NeedProgress({
  need,
}: {
  need: Pick<NeedView, 'quantity' | 'met' | 'proposed' | 'remaining' | 'unit' | 'kind'>;
}) {
  const { t, i18n } = useTranslation();
  const unit = need.kind === 'skill' ? t('matching.people') : need.unit;
  // Percentages for drawing only: floor keeps a nearly met need from looking met.
  const metPercent = need.quantity > 0 ? Math.floor((need.met * 100) / need.quantity) : 0;
  const proposedPercent = need.quantity > 0 ? Math.floor(((need.met + need.proposed) * 100) / need.quantity) : 0;
  return (
    <Flex vertical gap={0} data-testid="need-progress" data-met={need.met} data-quantity={need.quantity}>
      <Progress
        percent={Math.min(100, proposedPercent)}
        success={{ percent: Math.min(100, metPercent), strokeColor: '#237804' }}
        strokeColor="#91caff"
        showInfo={false}
        size="small"
        aria-label={t('matching.progressLabel', {
          met: formatCount(need.met, i18n.language),
          quantity: formatCount(need.quantity, i18n.language),
          unit,
        })}
      />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t(need.remaining > 0 ? 'matching.progressText' : 'matching.progressDone', {
          met: formatCount(need.met, i18n.language),
          quantity: formatCount(need.quantity, i18n.language),
          remaining: formatCount(need.remaining, i18n.language),
          unit,
        })}
        {need.proposed > 0 && ` · ${t('matching.proposedText', { n: formatCount(need.proposed, i18n.language), unit })}`}
      </Typography.Text>
    </Flex>
  );
}

/** "截止 12月1日周二 10:00", and for a skill need its time window. */
export function NeedTimes({ need }: { need: Pick<NeedView, 'deadline' | 'windowStart' | 'windowEnd'> }) {
  const { t, i18n } = useTranslation();
  return (
    <Flex vertical gap={0}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="need-deadline">
        {t('matching.deadlineText', { date: formatDateTime(need.deadline, i18n.language) })}
      </Typography.Text>
      {need.windowStart && need.windowEnd && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('matching.windowText', { range: formatTimeRange(need.windowStart, need.windowEnd, i18n.language) })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Who a need helps, as small tags. */
export function BeneficiaryTags({ codes, names }: { codes: readonly string[]; names: CatalogueNames }) {
  return (
    <Flex gap={4} wrap>
      {codes.map((code) => (
        <Tag key={code} style={{ margin: 0 }}>
          {names.name(code)}
        </Tag>
      ))}
    </Flex>
  );
}
