import type { ActivityView, PlaceView } from '@goodloop/contracts';
import { activityStatus } from '../domain/schedule';
import type { Activity } from './entities/activity.entity';

export type { ActivityView };

/** The public `activity` shape (ActivityView in @goodloop/contracts). */
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
