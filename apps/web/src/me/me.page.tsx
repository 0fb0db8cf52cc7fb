import { App, Button, Card, Descriptions, Empty, Flex, Segmented, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OrgKind } from '@goodloop/contracts';
import { useAuth } from '../auth/auth-context';
import { currentLanguage, setLanguage, type Language } from '../i18n';
import { PageLoading } from '../layout/page-state';
import { MyInvitations } from './my-invitations';

const KNOWN_ROLES = ['resident', 'admin', 'organizer', 'business', 'foundation_staff', 'reviewer', 'member'] as const;
type KnownRole = (typeof KNOWN_ROLES)[number];
const ORG_KINDS: readonly OrgKind[] = ['community', 'social_org', 'business', 'foundation'];

function isKnownRole(role: string): role is KnownRole {
  return (KNOWN_ROLES as readonly string[]).includes(role);
}

export function LanguageSwitch() {
  useTranslation(); // re-render when the language changes
  return (
    <Segmented<Language>
      value={currentLanguage()}
      onChange={(value) => void setLanguage(value)}
      options={[
        { value: 'zh-CN', label: '简体中文' },
        { value: 'en', label: 'English' },
      ]}
      data-testid="language-switch"
    />
  );
}

export default function MePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, logout } = useAuth();
  const navigate = useNavigate();

  if (!me) return <PageLoading />;

  const roleLabel = (role: string) => (isKnownRole(role) ? t(`roles.${role}`) : role);
  const kindLabel = (kind: OrgKind) => (ORG_KINDS.includes(kind) ? t(`orgKinds.${kind}`) : kind);

  const doLogout = async () => {
    await logout();
    void message.success(t('auth.loggedOut'));
    void navigate('/login', { replace: true });
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('me.title')}
      </Typography.Title>
      <Card size="small" title={t('me.profile')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'name',
              label: t('me.displayName'),
              children: <span data-testid="me-display-name">{me.displayName}</span>,
            },
            { key: 'email', label: t('me.email'), children: <span style={{ wordBreak: 'break-all' }}>{me.email}</span> },
            {
              key: 'verified',
              label: t('roles.resident'),
              children: me.residentVerified ? (
                <Tag color="success">{t('me.residentVerified')}</Tag>
              ) : (
                <Tag>{t('me.residentUnverified')}</Tag>
              ),
            },
            {
              key: 'roles',
              label: t('me.roles'),
              children: (
                <Flex gap={4} wrap data-testid="me-roles">
                  {me.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {roleLabel(role)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <Link to="/me/volunteer-profile" className="gl-card-link" data-testid="me-volunteer-profile">
        <Card size="small" hoverable>
          <Flex justify="space-between" align="center" gap={8}>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong>{t('volunteerProfile.meLink')}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('volunteerProfile.meLinkHint')}
              </Typography.Text>
            </Flex>
            <span aria-hidden="true">›</span>
          </Flex>
        </Card>
      </Link>
      <MyInvitations />
      <Card size="small" title={t('me.memberships')}>
        {me.memberships.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('me.noMemberships')} />
        ) : (
          <Flex vertical gap={8} data-testid="me-memberships">
            {me.memberships.map((m) => (
              <Flex key={`${m.orgId}-${m.role}`} justify="space-between" align="center" gap={8} wrap>
                <Flex vertical>
                  <Typography.Text strong>{m.orgName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {kindLabel(m.orgKind)}
                  </Typography.Text>
                </Flex>
                <Tag>{roleLabel(m.role)}</Tag>
              </Flex>
            ))}
          </Flex>
        )}
      </Card>
      <Card size="small" title={t('me.language')}>
        <LanguageSwitch />
      </Card>
      <Button danger block size="large" onClick={() => void doLogout()} data-testid="logout-button">
        {t('me.logout')}
      </Button>
    </Flex>
  );
}
