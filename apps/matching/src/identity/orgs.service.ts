import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Org } from './entities/org.entity';

/** The organisations read model, for the other features: names by id. */
@Injectable()
export class OrgsService {
  constructor(private readonly dataSource: DataSource) {}

  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const orgs = await this.dataSource.getRepository(Org).createQueryBuilder('o').where('o.id IN (:...unique)', { unique }).getMany();
    return new Map(orgs.map((o) => [o.id, o.name]));
  }
}
