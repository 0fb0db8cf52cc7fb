import { Alert, App, Button, Card, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { maxTextRule, textCounter } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { AnswerTag, formatCount, formatKm, KindTag, MatchStatusTag, type CatalogueNames } from './matching-labels';
import { NEED_LIMITS, useAnswerMatch, type MatchView, type ScorePartsView } from './matching.api';

type Part = keyof ScorePartsView;

const PARTS: readonly Part[] = ['urgency', 'distance', 'expiry', 'fairness', 'skill'];

/** Each part's colour in the breakdown bar. */
const PART_COLORS: Record<Part, string> = {
  urgency: '#cf1322',
  distance: '#0958d9',
  expiry: '#ad4e00',
  fairness: '#237804',
  skill: '#722ed1',
};

/** Parts that belong to the kind of match: stock can spoil, a volunteer's skill can be confirmed. */
function partApplies(part: Part, match: Pick<MatchView, 'kind' | 'parts'>): boolean {
  if (match.parts[part] !== 0) return true;
  if (part === 'expiry') return match.kind === 'item';
  if (part === 'skill') return match.kind === 'skill';
  return true;
}

/**
 * Why the engine proposed this pair: the score per unit is the sum of its parts; each part's bar
 * is its share of the score, so the longest bar is what weighed most.
 */
export function MatchReasons({ match }: { match: MatchView }) {
  const { t, i18n } = useTranslation();
  const parts = PARTS.filter((part) => partApplies(part, match));
  const total = Math.max(1, match.score);
  return (
    <div className="gl-why" data-testid="match-why">
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>{t('matching.why')}</Typography.Text>
        <Typography.Text data-testid="match-score" data-score={match.score}>
          {t('matching.scoreLine', {
            score: formatCount(match.score, i18n.language),
            value: formatCount(match.value, i18n.language),
          })}
        </Typography.Text>
      </Flex>
      <div className="gl-why-stack" aria-hidden="true">
        {parts.map((part) =>
          match.parts[part] > 0 ? (
            <span key={part} style={{ width: `${(match.parts[part] * 100) / total}%`, background: PART_COLORS[part] }} />
          ) : null,
        )}
      </div>
      {parts.map((part) => (
        <div key={part} className="gl-why-row" data-testid={`match-part-${part}`} data-value={match.parts[part]}>
          <span className="gl-why-label">
            <span className="gl-why-swatch" style={{ background: PART_COLORS[part] }} aria-hidden="true" />
            {t(`scoreParts.${part}`)}
          </span>
          <span className="gl-why-bar" aria-hidden="true">
            <span style={{ width: `${(Math.max(0, match.parts[part]) * 100) / total}%`, background: PART_COLORS[part] }} />
          </span>
          <span className="gl-why-value">{formatCount(match.parts[part], i18n.language)}</span>
        </div>
      ))}
      <details className="gl-why-details">
        <summary>{t('matching.howScored')}</summary>
        <ul>
          {parts.map((part) => (
            <li key={part}>
              <strong>{t(`scoreParts.${part}`)}</strong>: {t(`scoreHints.${part}`)}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function DeclineDialog({ match, onClose }: { match: MatchView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const answer = useAnswerMatch();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const reason = values.reason?.trim();
    setError(null);
    try {
      await answer.mutateAsync({ id: match.id, answer: 'decline', body: reason ? { reason } : {} });
      void message.success(t('matching.declinedDone'));
      onClose();
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };
  return (
    <Modal
      open
      title={t('matching.declineTitle', { title: match.needTitle })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('matching.decline')}
      okButtonProps={{ danger: true, loading: answer.isPending, 'data-testid': 'decline-submit' }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('matching.declineHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="reason" label={t('matching.declineReason')} rules={[maxTextRule(t, NEED_LIMITS.reasonMax)]}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            count={textCounter(NEED_LIMITS.reasonMax)}
            data-testid="decline-reason"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="decline-error" />}
    </Modal>
  );
}

/** Whether the caller still has an answer to give on this match. */
export function awaitsMyAnswer(match: MatchView): boolean {
  if (match.status !== 'proposed' || !match.mySide) return false;
  if (match.mySide === 'need') return match.needSide === 'pending';
  if (match.mySide === 'offer') return match.offerSide === 'pending';
  return match.needSide === 'pending' || match.offerSide === 'pending';
}

/** What became of the match, in a sentence. */
function Outcome({ match }: { match: MatchView }) {
  const { t, i18n } = useTranslation();
  const unit = match.kind === 'skill' ? t('matching.people') : match.unit;
  const n = (value: number) => formatCount(value, i18n.language);
  let text: string;
  let type: 'success' | 'warning' | 'danger' | 'secondary' | undefined;
  switch (match.status) {
    case 'proposed':
      text = awaitsMyAnswer(match)
        ? t('matchOutcome.yourTurn')
        : match.mySide
          ? t('matchOutcome.waitingOther')
          : t('matchOutcome.waitingBoth');
      type = 'secondary';
      break;
    case 'accepted':
      text = match.kind === 'item' ? t('matchOutcome.allocating') : t('matchOutcome.invited');
      type = match.kind === 'item' ? 'secondary' : 'success';
      break;
    case 'allocated':
      text = t('matchOutcome.allocated', { n: n(match.allocated ?? match.quantity), unit });
      type = 'success';
      break;
    case 'short':
      text = t('matchOutcome.short', { n: n(match.allocated ?? 0), quantity: n(match.quantity), unit });
      type = 'warning';
      break;
    case 'declined':
      text = match.declineReason
        ? t('matchOutcome.declinedBecause', { reason: match.declineReason })
        : t('matchOutcome.declined');
      type = 'danger';
      break;
    case 'superseded':
      text = t('matchOutcome.superseded');
      type = 'secondary';
      break;
  }
  return (
    <Typography.Text type={type} data-testid="match-outcome" data-status={match.status}>
      {text}
    </Typography.Text>
  );
}

/**
 * One proposed match: the need, what is offered, how much and how far, why (the score's parts),
 * each side's answer, and accept / decline for the side the caller answers for.
 */
export function MatchCard({ match, names, showNeed = true }: { match: MatchView; names: CatalogueNames; showNeed?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const answer = useAnswerMatch();
  const [declining, setDeclining] = useState(false);
  const unit = match.kind === 'skill' ? t('matching.people') : match.unit;
  const mine = (side: 'need' | 'offer') => match.mySide === side || match.mySide === 'both';

  const accept = () =>
    answer.mutate(
      { id: match.id, answer: 'accept' },
      {
        onSuccess: (answered) =>
          void message.success(answered.status === 'proposed' ? t('matching.acceptedWaiting') : t('matching.acceptedBoth')),
        onError: (error) => void message.error(errorText(t, error)),
      },
    );

  return (
    <Card size="small" data-testid="match-card" data-match-id={match.id} data-status={match.status}>
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          {showNeed ? (
            <Link to={`/needs/${match.needId}`} style={{ minWidth: 0, overflowWrap: 'anywhere', fontWeight: 600 }}>
              {match.needTitle}
            </Link>
          ) : (
            <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {match.offerLabel}
            </Typography.Text>
          )}
          <MatchStatusTag status={match.status} />
        </Flex>
        <Flex gap={4} wrap align="center">
          <KindTag kind={match.kind} />
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {names.name(match.category)} · {match.needNeighbourhood}
          </Typography.Text>
        </Flex>
        {showNeed && (
          <Typography.Text style={{ overflowWrap: 'anywhere' }} data-testid="match-offer">
            {t('matching.offered', { label: match.offerLabel })}
          </Typography.Text>
        )}
        <Typography.Text data-testid="match-quantity">
          {t('matching.quantityDistance', {
            n: formatCount(match.quantity, i18n.language),
            unit,
            distance: formatKm(match.distanceKm, i18n.language),
          })}
        </Typography.Text>
        <MatchReasons match={match} />
        <Flex gap={12} wrap data-testid="match-sides">
          <span data-testid="match-need-side" data-answer={match.needSide}>
            {mine('need') ? t('matching.needSideYou') : t('matching.needSide')} <AnswerTag answer={match.needSide} />
          </span>
          <span data-testid="match-offer-side" data-answer={match.offerSide}>
            {mine('offer') ? t('matching.offerSideYou') : t('matching.offerSide')} <AnswerTag answer={match.offerSide} />
          </span>
        </Flex>
        <Outcome match={match} />
        {match.kind === 'skill' && mine('need') && (
          <Link to={`/volunteers/${match.offerId}`} data-testid="match-volunteer-profile">
            {t('matching.volunteerProfileLink')}
          </Link>
        )}
        {awaitsMyAnswer(match) && (
          <Flex gap={8}>
            <Button
              type="primary"
              size="large"
              style={{ flex: 1 }}
              loading={answer.isPending}
              onClick={accept}
              data-testid="match-accept"
            >
              {t('matching.accept')}
            </Button>
            <Button
              danger
              size="large"
              style={{ flex: 1 }}
              disabled={answer.isPending}
              onClick={() => setDeclining(true)}
              data-testid="match-decline"
            >
              {t('matching.decline')}
            </Button>
          </Flex>
        )}
      </Flex>
      {declining && <DeclineDialog match={match} onClose={() => setDeclining(false)} />}
    </Card>
  );
}
