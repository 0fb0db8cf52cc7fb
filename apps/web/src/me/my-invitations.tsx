import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MembershipRole, OrgKind } from '@goodloop/contracts';
import { meQueryKey } from '../auth/auth.api';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useAnswerInvitation, useMyInvitations } from './invitations.api';

/** Invitations waiting for the signed-in person's answer; nothing shows while there are none. */
export function MyInvitations() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useMyInvitations();
  const answer = useAnswerInvitation(() => queryClient.invalidateQueries({ queryKey: meQueryKey }));
  const items = query.data?.items ?? [];
  if (items.length === 0) return null;

  const respond = (id: string, kind: 'accept' | 'decline') =>
    answer.mutate(
      { id, answer: kind },
      {
        onSuccess: () => void message.success(kind === 'accept' ? t('invitations.accepted') : t('invitations.declined')),
        onError: (error) => void message.error(errorText(t, error)),
      },
    );

  return (
    <Card size="small" title={t('invitations.title')} data-testid="my-invitations">
      <Flex vertical gap={12}>
        {items.map((invitation) => (
          <Flex key={invitation.id} vertical gap={6} data-testid="invitation" data-invitation-id={invitation.id}>
            <Flex justify="space-between" align="center" gap={8} wrap>
              <Typography.Text strong>{invitation.orgName}</Typography.Text>
              <Tag color="blue">{t(`roles.${invitation.role as MembershipRole}`)}</Tag>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('invitations.from', {
                name: invitation.invitedByName,
                kind: t(`orgKinds.${invitation.orgKind as OrgKind}`),
                until: formatDateTime(invitation.expiresAt, i18n.language),
              })}
            </Typography.Text>
            <Flex gap={8}>
              <Button
                type="primary"
                disabled={answer.isPending}
                onClick={() => respond(invitation.id, 'accept')}
                data-testid="invitation-accept"
              >
                {t('invitations.accept')}
              </Button>
              <Button
                disabled={answer.isPending}
                onClick={() => respond(invitation.id, 'decline')}
                data-testid="invitation-decline"
              >
                {t('invitations.decline')}
              </Button>
            </Flex>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
