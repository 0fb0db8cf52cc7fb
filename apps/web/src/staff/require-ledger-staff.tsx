import { Navigate, Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { canReadLedger } from './staff-access';

/** Routes for people who may read the books (admins, foundation staff); others go to the activities. */
export function RequireLedgerStaff() {
  const { me } = useAuth();
  if (!canReadLedger(me)) return <Navigate to="/activities" replace />;
  return <Outlet />;
}
