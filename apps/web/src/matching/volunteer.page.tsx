import { App, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { PageError, PageLoading, PageNotFound } from '../layout/page-state';
import { usePageTitle } from '../layout/page-title';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useCatalogueNames } from './matching-labels';
import { useConfirmSkill, usePublicVolunteerProfile } from './matching.api';
import { Stars } from './stars';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who may vouch for a volunteer's skill: an organizer of any organisation, foundation staff, an admin — never oneself. */
function useConfirmsSkills(userId: string): boolean {
  const { me, isAdmin } = useAuth();
  if (!me || me.id === userId) return false;
  return isAdmin || me.memberships.some((m) => m.role === 'organizer' || m.role === 'foundation_staff');
}

function VolunteerProfile({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const names = useCatalogueNames();
  const query = usePublicVolunteerProfile(userId);
  const confirm = useConfirmSkill();
  const confirms = useConfirmsSkills(userId);
  usePageTitle(query.data?.displayName);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.statusCode === 404) {
      return <PageNotFound message={t('volunteer.notFound')} backTo="/matches" backLabel={t('matching.matchesTitle')} />;
    }
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const profile = query.data;
  return (
    <Flex vertical gap={12} data-testid="volunteer-profile">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {profile.displayName}
      </Typography.Title>
      <Card size="small">
        <Flex align="center" gap={12} wrap>
          <Stars level={profile.starLevel} />
          <Typography.Text strong>{t('volunteerProfile.hours', { hours: profile.verifiedHours.toFixed(1) })}</Typography.Text>
        </Flex>
      </Card>
      <Card size="small" title={t('volunteerProfile.skills')}>
        {profile.skills.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteer.noSkills')} />
        ) : (
          <Flex vertical gap={0}>
            {profile.skills.map((skill) => (
              <Flex
                key={skill.skill}
                justify="space-between"
                align="center"
                gap={8}
                wrap
                className="gl-entry"
                data-testid="volunteer-skill"
              >
                <Flex vertical gap={2}>
                  <Typography.Text strong>{names.name(skill.skill)}</Typography.Text>
                  {skill.confirmedBy ? (
                    <Typography.Text type="success" style={{ fontSize: 13 }}>
                      {t('volunteer.confirmedOn', {
                        name: skill.confirmedByName || t('volunteerProfile.anOrganizer'),
                        date: skill.confirmedAt ? formatDateTime(skill.confirmedAt, i18n.language) : '',
                      })}
                    </Typography.Text>
                  ) : (
                    <Tag style={{ alignSelf: 'flex-start' }}>{t('volunteerProfile.unconfirmed')}</Tag>
                  )}
                </Flex>
                {confirms && !skill.confirmedBy && (
                  <Button
                    loading={confirm.isPending && confirm.variables?.skill === skill.skill}
                    onClick={() =>
                      confirm.mutate(
                        { userId, skill: skill.skill },
                        {
                          onSuccess: () => void message.success(t('volunteer.confirmed')),
                          onError: (error) => void message.error(errorText(t, error)),
                        },
                      )
                    }
                    data-testid="confirm-skill"
                  >
                    {t('volunteer.confirm')}
                  </Button>
                )}
              </Flex>
            ))}
          </Flex>
        )}
        {confirms && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('volunteer.confirmHint')}
          </Typography.Paragraph>
        )}
      </Card>
    </Flex>
  );
}

/** A volunteer as others see them: hours, stars and skills (no place or schedule); organizers vouch for skills here. */
export default function VolunteerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  if (!UUID.test(id)) {
    return <PageNotFound message={t('volunteer.notFound')} backTo="/matches" backLabel={t('matching.matchesTitle')} />;
  }
  return <VolunteerProfile userId={id} />;
}
