import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { NotForYourRole } from '../auth/not-for-your-role';
import { canReadLedger, isAdmin } from './staff-access';

/** Routes for people who may read the books (admins, foundation staff); others are told so. */
export function RequireLedgerStaff() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!canReadLedger(me)) return <NotForYourRole who={t('access.ledgerStaff')} />;
  return <Outlet />;
}

/** Routes for platform admins (account administration); others are told so. */
export function RequireAdmin() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!isAdmin(me)) return <NotForYourRole who={t('access.admins')} />;
  return <Outlet />;
}
