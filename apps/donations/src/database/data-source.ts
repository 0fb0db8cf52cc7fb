import { databaseUrlFor, loadConfig, serviceDataSourceOptions } from '@goodloop/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Donation } from '../cash/entities/donation.entity';
import { PaymentEvent, WebhookSignature } from '../cash/entities/payment-event.entity';
import { ReceiptCounter } from '../cash/entities/receipt-counter.entity';
import { RecurringDonation } from '../cash/entities/recurring-donation.entity';
import { DonationsConfig } from '../config/env';
import { Recommendation } from '../cash/entities/recommendation.entity';
import { Fund } from '../cash/entities/fund.entity';
import { Org } from '../identity/entities/org.entity';
import { Pledge } from '../in-kind/entities/pledge.entity';
import { PledgeAllocation } from '../in-kind/entities/pledge-allocation.entity';
import { Redemption } from '../in-kind/entities/redemption.entity';
import { Reward } from '../in-kind/entities/reward.entity';
import { InitDonations1796155979270 } from './migrations/1796155979270-InitDonations';
import { DonationsSchema1796160000000 } from './migrations/1796160000000-DonationsSchema';
import { PledgesForMatching1796170000000 } from './migrations/1796170000000-PledgesForMatching';

/** Every entity the service owns (the outbox and inbox are added by serviceDataSourceOptions). */
export const DONATIONS_ENTITIES = [
  Org,
  Fund,
  Donation,
  ReceiptCounter,
  PaymentEvent,
  WebhookSignature,
  RecurringDonation,
  Recommendation,
  Pledge,
  PledgeAllocation,
  Reward,
  Redemption,
];

export function donationsDataSourceOptions(config: DonationsConfig): DataSourceOptions & { url: string } {
  const url = databaseUrlFor(config, 'donations');
  return {
    ...serviceDataSourceOptions({
      url,
      entities: DONATIONS_ENTITIES,
      migrations: [InitDonations1796155979270, DonationsSchema1796160000000, PledgesForMatching1796170000000],
      applicationName: 'goodloop-donations',
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    }),
    url,
  } as DataSourceOptions & { url: string };
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d apps/donations/src/database/data-source.ts`).
 * It only needs the database settings, so it reads the config without the internal token.
 */
export default new DataSource(donationsDataSourceOptions(loadConfig(DonationsConfig)));
