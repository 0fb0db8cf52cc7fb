import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DEFAULT_ROLE_FOR_KIND } from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordService } from '../auth/password.service';
import { GatewayConfig } from '../config/env';
import { OrgsService } from '../orgs/orgs.service';
import type { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_SEED_NAME, DEMO_USERS, type DemoUserKey } from './demo-data';
import { DemoSeed } from './demo-seed.entity';
import type { DemoInfoView } from '@goodloop/contracts';

const SEED_LOCK = 'goodloop:demo-seed';

/**
 * Loads the demo accounts and organisations when DEMO_SEED is on, once per database: all of it
 * and the `demo_seed` marker commit in one transaction, under a transaction-scoped advisory lock,
 * so two gateways starting together seed once and a crash halfway leaves nothing half-made.
 * It goes through the same services as the API, so every identity event reaches the other
 * services through the outbox exactly as for real users.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly orgs: OrgsService,
    private readonly passwords: PasswordService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_SEED) return;
    const seeded = await this.seed();
    if (seeded)
      this.logger.log(
        `demo data loaded: ${Object.keys(DEMO_USERS).length} accounts, ${Object.keys(DEMO_ORGS).length} organisations`,
      );
  }

  /**
   * The demo accounts, when this platform loads them (DEMO_SEED, never in production) and they
   * are in its database; otherwise nothing, so no sign-in page offers accounts that are not there.
   */
  async info(): Promise<DemoInfoView> {
    if (!this.config.DEMO_SEED || !(await this.dataSource.manager.existsBy(DemoSeed, { name: DEMO_SEED_NAME }))) {
      return { demo: false };
    }
    return {
      demo: true,
      password: DEMO_PASSWORD,
      accounts: Object.entries(DEMO_USERS).map(([key, user]) => ({ key, email: user.email, displayName: user.displayName })),
    };
  }

  /** Returns true when this call loaded the data, false when it was there already. */
  async seed(): Promise<boolean> {
    // Hashing is slow; do it before taking the lock.
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
      if (await manager.existsBy(DemoSeed, { name: DEMO_SEED_NAME })) return false;
      const accounts = await this.createUsers(manager, passwordHash);
      await this.createOrgs(manager, accounts);
      await manager.insert(DemoSeed, { name: DEMO_SEED_NAME });
      return true;
    });
  }

  private async createUsers(manager: EntityManager, passwordHash: string): Promise<Record<DemoUserKey, User>> {
    const accounts = {} as Record<DemoUserKey, User>;
    for (const [key, demo] of Object.entries(DEMO_USERS) as [DemoUserKey, (typeof DEMO_USERS)[DemoUserKey]][]) {
      // An account registered by hand with a demo email before the seed ran is reused, not duplicated.
      accounts[key] =
        (await this.users.findByEmail(demo.email, manager)) ??
        (await this.users.create(manager, { email: demo.email, passwordHash, displayName: demo.displayName, locale: 'zh-CN' }));
    }
    await this.users.grantPlatformRole(manager, accounts.admin.id, 'admin');
    for (const [key, demo] of Object.entries(DEMO_USERS) as [DemoUserKey, (typeof DEMO_USERS)[DemoUserKey]][]) {
      if (demo.residentVerified) await this.users.verifyResident(manager, accounts[key].id, accounts.admin.id);
    }
    return accounts;
  }

  private async createOrgs(manager: EntityManager, accounts: Record<DemoUserKey, User>): Promise<void> {
    for (const demo of Object.values(DEMO_ORGS)) {
      const founder = accounts[demo.founder].id;
      const existing = await this.orgs.findByName(demo.name, manager);
      const org = existing ?? (await this.orgs.createWith(manager, { name: demo.name, kind: demo.kind, createdBy: founder }));
      if (existing) await this.orgs.addMemberWith(manager, existing, founder, DEFAULT_ROLE_FOR_KIND[existing.kind]);
      for (const member of demo.members) await this.orgs.addMemberWith(manager, org, accounts[member.user].id, member.role);
    }
  }
}
