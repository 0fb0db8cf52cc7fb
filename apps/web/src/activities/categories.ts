import type { ActivityCategory } from '@goodloop/contracts';

/**
 * The categories in the order the pickers list them. Typed by the contract: a category added
 * there fails to compile here until it is listed (the contract itself stays out of the bundle).
 */
const ORDER: Record<ActivityCategory, number> = {
  charity: 0,
  relief: 1,
  funeral: 2,
  disability: 3,
  children: 4,
  elderly: 5,
  social_work: 6,
  community: 7,
};

export const ACTIVITY_CATEGORIES = (Object.keys(ORDER) as ActivityCategory[]).sort((a, b) => ORDER[a] - ORDER[b]);
