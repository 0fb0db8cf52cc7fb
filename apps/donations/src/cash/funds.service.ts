import { Injectable } from '@nestjs/common';
import { isAdmin, type UserContext } from '@goodloop/common';
import {
  MAX_DONATION_FEN,
  type CreateFundDto,
  type FundListView,
  type FundView,
  type ListFundsQuery,
  type OpenDafDto,
} from '@goodloop/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OrgsService } from '../identity/orgs.service';
import { managesOrg } from '../shared/access';
import { Fund } from './entities/fund.entity';
import { FundsError, FundsErrorCode } from './funds.errors';

/** A fund and its organisation's name, as views need them. */
export interface FundRow extends Fund {
  orgName: string;
}

export function fundView(fund: Fund, orgName: string): FundView {
  return {
    id: fund.id,
    kind: fund.kind,
    name: fund.name,
    description: fund.description,
    orgId: fund.orgId,
    orgName,
    ownerId: fund.ownerId,
    balance: fund.balanceFen,
    received: fund.receivedFen,
    donationCount: fund.donationCount,
    maxDonation: fund.maxDonationFen,
    createdAt: fund.createdAt.toISOString(),
  };
}

/** Funds: the community fund, grant round pools (opened by their organisation's staff) and donor-advised funds. */
@Injectable()
export class FundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgsService,
  ) {}

  async create(dto: CreateFundDto, user: UserContext): Promise<FundView> {
    if (!managesOrg(user, dto.orgId)) throw new FundsError(FundsErrorCode.NotFundStaff);
    const org = await this.orgs.get(dto.orgId);
    const fund = await this.dataSource.getRepository(Fund).save({
      id: uuidv7(),
      kind: dto.kind,
      name: dto.name,
      description: dto.description ?? '',
      orgId: dto.orgId,
      ownerId: null,
      maxDonationFen: dto.maxDonation ?? MAX_DONATION_FEN,
      createdBy: user.id,
    });
    return fundView(await this.dataSource.getRepository(Fund).findOneByOrFail({ id: fund.id }), org?.name ?? '');
  }

  /** A donor opens a donor-advised fund, hosted by a foundation whose staff decide its grants. */
  async openDaf(dto: OpenDafDto, user: UserContext): Promise<FundView> {
    const org = await this.orgs.get(dto.orgId);
    if (!org || org.kind !== 'foundation') throw new FundsError(FundsErrorCode.OrgNotFound, 'No such foundation');
    const id = uuidv7();
    await this.dataSource.getRepository(Fund).insert({
      id,
      kind: 'daf',
      name: dto.name,
      description: '',
      orgId: dto.orgId,
      ownerId: user.id,
      maxDonationFen: MAX_DONATION_FEN,
      createdBy: user.id,
    });
    return fundView(await this.dataSource.getRepository(Fund).findOneByOrFail({ id }), org.name);
  }

  /** Funds open to everyone's gifts (donor-advised funds are their donor's: see `mine`). */
  async list(query: ListFundsQuery): Promise<FundListView> {
    const qb = this.dataSource
      .getRepository(Fund)
      .createQueryBuilder('f')
      .where(`f.kind <> 'daf'`)
      .orderBy('f.created_at', 'ASC');
    if (query.kind) qb.andWhere('f.kind = :kind', { kind: query.kind });
    if (query.orgId) qb.andWhere('f.org_id = :orgId', { orgId: query.orgId });
    const funds = await qb.getMany();
    const names = await this.orgs.namesOf(funds.map((f) => f.orgId));
    return { items: funds.map((fund) => fundView(fund, names.get(fund.orgId) ?? '')) };
  }

  async mine(user: UserContext): Promise<FundListView> {
    const funds = await this.dataSource
      .getRepository(Fund)
      .find({ where: { ownerId: user.id, kind: 'daf' }, order: { createdAt: 'ASC' } });
    return { items: await Promise.all(funds.map(async (f) => fundView(f, await this.orgName(f.orgId)))) };
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<Fund> {
    const fund = await manager.getRepository(Fund).findOneBy({ id });
    if (!fund) throw new FundsError(FundsErrorCode.FundNotFound);
    return fund;
  }

  async orgName(orgId: string): Promise<string> {
    return this.orgs.nameOf(orgId);
  }

  /** The donor of a donor-advised fund, the staff of its host, or an admin. */
  canSeeDaf(fund: Fund, user: UserContext): boolean {
    return fund.ownerId === user.id || isAdmin(user) || managesOrg(user, fund.orgId);
  }

  /**
   * Applies a posted CNY transfer to the balances of the funds it touches (`fund:<id>`), within
   * the consumer's transaction: the ledger is the truth, this is its reflection.
   */
  async applyPosted(manager: EntityManager, debit: string, credit: string, amount: number): Promise<void> {
    const fundId = (key: string) => /^fund:([0-9a-f-]{36})$/i.exec(key)?.[1];
    const credited = fundId(credit);
    const debited = fundId(debit);
    if (credited) await manager.query(`UPDATE funds SET balance_fen = balance_fen + $2 WHERE id = $1`, [credited, amount]);
    if (debited) await manager.query(`UPDATE funds SET balance_fen = balance_fen - $2 WHERE id = $1`, [debited, amount]);
  }
}
