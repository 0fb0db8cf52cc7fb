import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
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

  async orgName(orgId: string): Promise<string | undefined> {
    const org = await this.orgs.findOne({ select: { id: true, name: true }, where: { id: orgId } });
    return org?.name;
  }
}
