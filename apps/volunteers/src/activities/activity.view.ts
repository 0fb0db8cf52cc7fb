import type { ActivityCategory } from '@goodloop/contracts';
import { activityStatus, type ActivityStatus } from '../domain/schedule';
import type { Activity } from './entities/activity.entity';

export interface PlaceView {
  name: string;
  address?: string;
  lat?: number;
  lng?: number;
}

/** The public `activity` shape of docs/api.md. */
export interface ActivityView {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  description: string;
  category: ActivityCategory;
  place: PlaceView;
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
  confirmedCount: number;
  waitlistCount: number;
  status: ActivityStatus;
  createdAt: string;
  checkInCode?: string;
}

export function toActivityView(activity: Activity, now: Date, options: { withCheckInCode: boolean }): ActivityView {
  const place: PlaceView = { name: activity.placeName };
  if (activity.placeAddress !== null) place.address = activity.placeAddress;
  if (activity.placeLat !== null) place.lat = activity.placeLat;
  if (activity.placeLng !== null) place.lng = activity.placeLng;
  return {
    id: activity.id,
    orgId: activity.orgId,
    orgName: activity.orgName,
    title: activity.title,
    description: activity.description,
    category: activity.category,
    place,
    startsAt: activity.startsAt.toISOString(),
    endsAt: activity.endsAt.toISOString(),
    capacity: activity.capacity,
    pointsPerHour: activity.pointsPerHour,
    confirmedCount: activity.confirmedCount,
    waitlistCount: activity.waitlistCount,
    status: activityStatus(activity, now),
    createdAt: activity.createdAt.toISOString(),
    ...(options.withCheckInCode ? { checkInCode: activity.checkInCode } : {}),
  };
}
