import { hasOrgRole, type UserContext } from '@goodloop/common';

/**
 * Who manages an organisation's activities (publishes them, sees the check-in code and the
 * roster, records and verifies attendance): its organizers, and platform admins.
 */
export function canManageActivities(user: UserContext | undefined, orgId: string): boolean {
  return user !== undefined && hasOrgRole(user, orgId, 'organizer');
}
