import type { RosterEntryView, SignupView } from '@goodloop/contracts';
import type { Signup } from './entities/signup.entity';

export type { RosterEntryView, SignupView };

export function toSignupView(signup: Signup): SignupView {
  return {
    id: signup.id,
    activityId: signup.activityId,
    userId: signup.userId,
    status: signup.status,
    ...(signup.waitlistPosition !== null ? { waitlistPosition: signup.waitlistPosition } : {}),
    createdAt: signup.createdAt.toISOString(),
    confirmedAt: signup.confirmedAt?.toISOString() ?? null,
    cancelledAt: signup.cancelledAt?.toISOString() ?? null,
  };
}
