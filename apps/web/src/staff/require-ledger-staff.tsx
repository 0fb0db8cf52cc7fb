import { Navigate, Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { canReadLedger, isAdmin } from './staff-access';

/** Routes for people who may read the books (admins, foundation staff); others go to the activities. */
export function RequireLedgerStaff() {
  const { me } = useAuth();
  if (!canReadLedger(me)) return <Navigate to="/activities" replace />;
  return <Outlet />;
}

/** Routes for platform admins (account administration); others go to the activities. */
export function RequireAdmin() {
  const { me } = useAuth();
  if (!isAdmin(me)) return <Navigate to="/activities" replace />;
  return <Outlet />;
}
