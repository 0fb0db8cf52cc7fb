import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { LoadMore } from '../layout/load-more';
import { PageError, PageLoading, PageNotFound } from '../layout/page-state';
import { usePageTitle } from '../layout/page-title';
import { maxTextRule, textCounter } from '../lib/amount-rules';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { MatchCard } from './match-card';
import {
  BeneficiaryTags,
  KindTag,
  NeedProgress,
  NeedStatusTag,
  NeedTimes,
  UrgencyMeter,
  useCatalogueNames,
  type CatalogueNames,
} from './matching-labels';
import { NEED_LIMITS, useCloseNeed, useMatches, useNeed, type NeedView } from './matching.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function CloseNeedDialog({ need, onClose }: { need: NeedView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const close = useCloseNeed();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setError(null);
    try {
      await close.mutateAsync({ id: need.id, body: { reason: values.reason.trim() } });
      void message.success(t('matching.closedDone'));
      onClose();
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };
  return (
    <Modal
      open
      title={t('matching.closeTitle', { title: need.title })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('matching.closeNeed')}
      okButtonProps={{ danger: true, loading: close.isPending, 'data-testid': 'close-need-submit' }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('matching.closeHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('matching.closeReason')}
          rules={[
            { required: true, whitespace: true, message: t('matching.closeReasonRequired') },
            maxTextRule(t, NEED_LIMITS.reasonMax),
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            count={textCounter(NEED_LIMITS.reasonMax)}
            data-testid="close-need-reason"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** The matches of a need, for those who answer for it. */
function NeedMatches({ need, names }: { need: NeedView; names: CatalogueNames }) {
  const { t } = useTranslation();
  const query = useMatches({ needId: need.id });
  const matches = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card size="small" title={t('matching.needMatches')} data-testid="need-matches">
      {query.isPending ? (
        <PageLoading variant="list" />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : matches.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matching.needNoMatches')} />
      ) : (
        <Flex vertical gap={12}>
          {matches.map((match) => (
            <MatchCard key={match.id} match={match} names={names} showNeed={false} />
          ))}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
            testId="need-matches-load-more"
          />
        </Flex>
      )}
    </Card>
  );
}

/** Whether the signed-in person answers for needs of `orgId`: its organizers and foundation staff, or an admin. */
function useSpeaksFor(orgId: string | undefined): boolean {
  const { me, isAdmin } = useAuth();
  if (!orgId || !me) return false;
  return isAdmin || me.memberships.some((m) => m.orgId === orgId && (m.role === 'organizer' || m.role === 'foundation_staff'));
}

function NeedDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const names = useCatalogueNames();
  const query = useNeed(id);
  const need = query.data;
  const speaksFor = useSpeaksFor(need?.orgId);
  const [closing, setClosing] = useState(false);
  usePageTitle(need?.title);

  if (query.isPending) return <PageLoading />;
  if (query.isError || !need) {
    if (isApiError(query.error) && query.error.statusCode === 404) {
      return <PageNotFound message={t('matching.needNotFound')} backTo="/needs" backLabel={t('matching.boardTitle')} />;
    }
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }

  return (
    <Flex vertical gap={12} data-testid="need-detail" data-need-id={need.id} data-status={need.status}>
      <Link to="/needs">← {t('matching.boardTitle')}</Link>
      <Card>
        <Flex vertical gap={8}>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Title level={4} style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
              {need.title}
            </Typography.Title>
            <NeedStatusTag status={need.status} />
          </Flex>
          <Typography.Text type="secondary">{need.orgName}</Typography.Text>
          <Flex gap={4} wrap align="center">
            <KindTag kind={need.kind} />
            <Typography.Text>{names.name(need.category)}</Typography.Text>
          </Flex>
          <UrgencyMeter urgency={need.urgency} />
          <NeedProgress need={need} />
          <NeedTimes need={need} />
          {need.description && (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, overflowWrap: 'anywhere' }}>
              {need.description}
            </Typography.Paragraph>
          )}
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'place',
                label: t('matching.place'),
                children: (
                  <span style={{ overflowWrap: 'anywhere' }}>
                    {need.place.neighbourhood} · {need.place.address}
                  </span>
                ),
              },
              {
                key: 'coordinates',
                label: t('matching.coordinates'),
                children: `${need.place.lat.toFixed(4)}, ${need.place.lng.toFixed(4)}`,
              },
              {
                key: 'beneficiaries',
                label: t('matching.beneficiaries'),
                children: <BeneficiaryTags codes={need.beneficiaries} names={names} />,
              },
              { key: 'posted', label: t('matching.posted'), children: formatDateTime(need.createdAt, i18n.language) },
            ]}
          />
          {need.status === 'closed' && need.closedReason && (
            <Alert type="info" showIcon title={t('matching.closedBecause', { reason: need.closedReason })} />
          )}
          {speaksFor && need.status === 'open' && (
            <Button danger onClick={() => setClosing(true)} data-testid="close-need">
              {t('matching.closeNeed')}
            </Button>
          )}
        </Flex>
      </Card>
      {speaksFor && <NeedMatches need={need} names={names} />}
      {closing && <CloseNeedDialog need={need} onClose={() => setClosing(false)} />}
    </Flex>
  );
}

/** One need: everything about it, and for its organizers its matches and a way to close it. */
export default function NeedDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  if (!UUID.test(id)) {
    return <PageNotFound message={t('matching.needNotFound')} backTo="/needs" backLabel={t('matching.boardTitle')} />;
  }
  return <NeedDetail id={id} />;
}
