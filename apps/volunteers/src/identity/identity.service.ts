import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { Org } from './entities/org.entity';
import { User } from './entities/user.entity';

/** Reads the identity read models: names for rosters, organisation names for activities. */
@Injectable()
export class IdentityService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Org) private readonly orgs: Repository<Org>,
  ) {}

  /** Display names by user id; a user whose registration has not arrived yet is simply absent. */
  async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const rows = await this.users.find({ select: { id: true, displayName: true }, where: { id: In(ids) } });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  /** Whether the gateway has reported the account disabled. */
  async isDisabled(userId: string, manager?: EntityManager): Promise<boolean> {
    const repo = manager ? manager.getRepository(User) : this.users;
    const user = await repo.findOne({ select: { id: true, disabledAt: true }, where: { id: userId } });
    return !!user?.disabledAt;
  }

  async orgName(orgId: string): Promise<string | undefined> {
    const org = await this.orgs.findOne({ select: { id: true, name: true }, where: { id: orgId } });
    return org?.name;
  }
}
