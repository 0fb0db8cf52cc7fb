import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageError, PageLoading } from '../layout/page-state';
import { useAuth } from './auth-context';
import { NotForYourRole } from './not-for-your-role';

/** Routes for signed-in people: others go to the login page and come back afterwards. */
export function RequireAuth() {
  const { signedIn, me, meLoading, meError } = useAuth();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (meLoading) return <PageLoading />;
  if (!me) return <PageError error={meError} />;
  return <Outlet />;
}

/** Routes for organizers (and platform admins); anyone else is told whom the page is for. */
export function RequireOrganizer() {
  const { t } = useTranslation();
  const { canOrganize } = useAuth();
  if (!canOrganize) return <NotForYourRole who={t('access.organizers')} />;
  return <Outlet />;
}
