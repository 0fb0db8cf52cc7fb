import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { DemoSeed } from '../demo/demo-seed.entity';
import { IdempotencyRecord } from '../idempotency/entities/idempotency-record.entity';
import { Invitation } from '../orgs/entities/invitation.entity';
import { Membership } from '../orgs/entities/membership.entity';
import { Org } from '../orgs/entities/org.entity';
import { User } from '../users/entities/user.entity';

/** Every entity the gateway owns (the outbox and inbox are added by serviceDataSourceOptions). */
export const GATEWAY_ENTITIES = [User, Org, Membership, Invitation, RefreshToken, DemoSeed, IdempotencyRecord];
