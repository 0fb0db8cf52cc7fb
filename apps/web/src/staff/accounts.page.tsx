import { Alert, App, Button, Card, Descriptions, Empty, Flex, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MembershipRole, OrgKind } from '@goodloop/contracts';
import { PageLoading } from '../layout/page-state';
import { isApiError } from '../api/client';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useAccountAction, useAccountByEmail, useRemoveMembership, type AccountAction, type AdminUser } from './accounts.api';

function AccountCard({ user, email }: { user: AdminUser; email: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const action = useAccountAction(email);
  const remove = useRemoveMembership(email);
  const busy = action.isPending || remove.isPending;

  const run = (kind: AccountAction, done: string) =>
    action.mutate(
      { userId: user.id, action: kind },
      {
        onSuccess: () => void message.success(done),
        onError: (error) => void message.error(errorText(t, error)),
      },
    );
  const removeMembership = (orgId: string) =>
    remove.mutate(
      { orgId, userId: user.id },
      {
        onSuccess: () => void message.success(t('staffAccounts.membershipRemoved')),
        onError: (error) => void message.error(errorText(t, error)),
      },
    );
  const orgs = [...new Map(user.memberships.map((m) => [m.orgId, m])).values()];
  const rolesIn = (orgId: string) => user.memberships.filter((m) => m.orgId === orgId).map((m) => m.role);

  return (
    <Flex vertical gap={12} data-testid="account" data-user-id={user.id}>
      <Card size="small" title={user.displayName}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'email', label: t('me.email'), children: <span style={{ wordBreak: 'break-all' }}>{user.email}</span> },
            {
              key: 'status',
              label: t('staffAccounts.status'),
              children: user.disabledAt ? (
                <Tag color="error" data-testid="account-status" data-status="disabled">
                  {t('staffAccounts.disabledSince', { at: formatDateTime(user.disabledAt, i18n.language) })}
                </Tag>
              ) : (
                <Tag color="success" data-testid="account-status" data-status="active">
                  {t('staffAccounts.active')}
                </Tag>
              ),
            },
            {
              key: 'wallet',
              label: t('staffAccounts.wallet'),
              children: user.walletFrozenAt ? (
                <Tag color="warning" data-testid="wallet-status" data-status="frozen">
                  {t('staffAccounts.frozenSince', { at: formatDateTime(user.walletFrozenAt, i18n.language) })}
                </Tag>
              ) : (
                <Tag data-testid="wallet-status" data-status="open">
                  {t('staffAccounts.walletOpen')}
                </Tag>
              ),
            },
          ]}
        />
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {user.disabledAt ? (
            <Button disabled={busy} onClick={() => run('enable', t('staffAccounts.enabled'))} data-testid="account-enable">
              {t('staffAccounts.enable')}
            </Button>
          ) : (
            <Button
              danger
              disabled={busy}
              onClick={() => run('disable', t('staffAccounts.disabled'))}
              data-testid="account-disable"
            >
              {t('staffAccounts.disable')}
            </Button>
          )}
          {user.walletFrozenAt ? (
            <Button
              disabled={busy}
              onClick={() => run('wallet/unfreeze', t('staffAccounts.unfrozen'))}
              data-testid="wallet-unfreeze"
            >
              {t('staffAccounts.unfreeze')}
            </Button>
          ) : (
            <Button
              danger
              disabled={busy}
              onClick={() => run('wallet/freeze', t('staffAccounts.frozen'))}
              data-testid="wallet-freeze"
            >
              {t('staffAccounts.freeze')}
            </Button>
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('me.memberships')}>
        {orgs.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('me.noMemberships')} />
        ) : (
          <Flex vertical gap={8}>
            {orgs.map((m) => (
              <Flex key={m.orgId} justify="space-between" align="center" gap={8} wrap data-testid="account-membership">
                <Flex vertical>
                  <Typography.Text strong>{m.orgName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`orgKinds.${m.orgKind as OrgKind}`)} ·{' '}
                    {rolesIn(m.orgId)
                      .map((role: MembershipRole) => t(`roles.${role}`))
                      .join('、')}
                  </Typography.Text>
                </Flex>
                <Button
                  size="small"
                  danger
                  disabled={busy}
                  onClick={() => removeMembership(m.orgId)}
                  data-testid="membership-remove"
                >
                  {t('staffAccounts.remove')}
                </Button>
              </Flex>
            ))}
          </Flex>
        )}
      </Card>
    </Flex>
  );
}

/** Admins: find an account by email; disable or enable it, freeze or unfreeze its wallet, remove a membership. */
export default function StaffAccountsPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [email, setEmail] = useState('');
  const search = () => setEmail(draft.trim().toLowerCase());
  const query = useAccountByEmail(email);
  const notFound = query.isError && isApiError(query.error) && query.error.statusCode === 404;

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('staffAccounts.title')}
      </Typography.Title>
      <Flex gap={8}>
        <Input
          type="email"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onPressEnter={search}
          placeholder={t('staffAccounts.emailPlaceholder')}
          data-testid="account-search"
        />
        <Button type="primary" onClick={search} data-testid="account-find">
          {t('staffAccounts.find')}
        </Button>
      </Flex>
      {email === '' ? null : query.isPending ? (
        <PageLoading />
      ) : notFound ? (
        <Empty description={t('staffAccounts.notFound')} data-testid="account-not-found" />
      ) : query.isError ? (
        <Alert type="error" showIcon title={errorText(t, query.error)} />
      ) : (
        <AccountCard user={query.data} email={email} />
      )}
    </Flex>
  );
}
