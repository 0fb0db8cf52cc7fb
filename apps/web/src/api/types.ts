/** Shapes of the public HTTP API v1 (docs/api.md) as this front end reads them. */

export const ACTIVITY_CATEGORIES = [
  'charity',
  'relief',
  'funeral',
  'disability',
  'children',
  'elderly',
  'social_work',
  'community',
] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export type OrgKind = 'community' | 'social_org' | 'business' | 'foundation';
export type Role = 'resident' | 'admin' | 'organizer' | 'business' | 'foundation_staff' | 'reviewer' | 'member';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FieldError {
  field: string;
  errors: string[];
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  roles: string[];
  residentVerified: boolean;
}

export interface Membership {
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  role: string;
}

export interface Me extends User {
  memberships: Membership[];
}

export interface AuthResult {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface Org {
  id: string;
  name: string;
  kind: OrgKind;
}

export interface Place {
  name: string;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export type ActivityStatus = 'upcoming' | 'running' | 'ended';
export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export type AttendanceStatus = 'checked_in' | 'checked_out' | 'verified';

export interface Attendance {
  id: string;
  activityId: string;
  userId: string;
  userName: string;
  checkInAt: string | null;
  checkOutAt: string | null;
  recordedMinutes: number | null;
  verifiedMinutes: number | null;
  correctionReason: string | null;
  status: AttendanceStatus;
  verifiedAt: string | null;
  verifiedBy: string | null;
}

export interface Signup {
  id: string;
  activityId: string;
  userId: string;
  status: SignupStatus;
  waitlistPosition?: number | null;
  /** The resident's attendance, when the service includes it. */
  attendance?: Attendance | null;
}

export interface Activity {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  description: string | null;
  category: ActivityCategory;
  place: Place;
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
  confirmedCount: number;
  waitlistCount: number;
  status: ActivityStatus;
  createdAt: string;
  /** Only for the activity's organizers. */
  checkInCode?: string | null;
  /** `GET /activities/:id` when signed in. */
  mySignup?: Signup | null;
}

/** `GET /me/signups`: my signups with their activities. */
export interface MySignup extends Signup {
  activity: Activity;
}

/** `GET /activities/:id/signups`: signups with user names (and attendance, when included). */
export interface RosterSignup extends Signup {
  userName?: string | null;
  displayName?: string | null;
  createdAt?: string;
}

export interface CreateActivityBody {
  orgId: string;
  title: string;
  description?: string;
  category: ActivityCategory;
  place: { name: string; address?: string };
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
}

export interface Wallet {
  accountId: string;
  asset: 'POINTS' | 'CNY';
  balance: number;
  pending: number;
  available: number;
}

export interface WalletEntry {
  id: string;
  transferId: string;
  amount: number;
  balanceAfter: number;
  code: string;
  description: string | null;
  createdAt: string;
}
