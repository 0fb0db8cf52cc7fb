import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isValidTimeZone, type EarnRuleVersion } from '../domain';
import { OutboxClient } from '@goodloop/common';
import { PROGRAMME_ID_PATTERN, Topics, type CreateEarnRuleDto, type EarnRuleCreatedV1 } from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { EarnRule } from './entities/earn-rule.entity';
import { EarnRuleError, EarnRuleErrorCode } from './earn-rules.errors';

/** Programme ids are the tail of `issuance:<programmeId>`; the contracts check the same pattern. */
const PROGRAMME_ID = PROGRAMME_ID_PATTERN;

/** The first version every programme has: the activity's rate, no bonus, no cap, points that keep. */
const DEFAULT_EFFECTIVE_FROM = new Date('2020-01-01T00:00:00Z');

export interface EarnRuleView extends Omit<EarnRuleVersion, 'effectiveFrom'> {
  effectiveFrom: string;
  createdBy: string;
  createdAt: string;
}

/**
 * Earn rules, versioned per programme. A version is never edited: a change is the next version,
 * in force from its `effectiveFrom` (now or later, never earlier, so no past earn changes its
 * explanation).
 */
@Injectable()
export class EarnRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
  ) {}

  /** A programme never seen yet has only the neutral version 1 (written when it is first used). */
  async list(programmeId: string): Promise<EarnRuleView[]> {
    assertProgramme(programmeId);
    const rules = await this.dataSource.manager.find(EarnRule, { where: { programmeId }, order: { version: 'ASC' } });
    if (rules.length > 0) return rules.map(toView);
    return [
      toView(
        Object.assign(new EarnRule(), {
          programmeId,
          version: 1,
          effectiveFrom: DEFAULT_EFFECTIVE_FROM,
          pointsPerHour: null,
          maxPointsPerHour: null,
          raiseApprovalMinutes: null,
          categoryBonus: {},
          dailyCap: null,
          monthlyCap: null,
          lifetimeDays: null,
          timeZone: 'Asia/Shanghai',
          createdBy: 'ledger',
          createdAt: DEFAULT_EFFECTIVE_FROM,
        }),
      ),
    ];
  }

  async create(programmeId: string, dto: CreateEarnRuleDto, createdBy: string): Promise<EarnRuleView> {
    assertProgramme(programmeId);
    const timeZone = dto.timeZone ?? 'Asia/Shanghai';
    if (!isValidTimeZone(timeZone)) {
      throw new EarnRuleError(EarnRuleErrorCode.InvalidTimeZone, `"${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
    }
    if (dto.dailyCap !== undefined && dto.monthlyCap !== undefined && dto.monthlyCap < dto.dailyCap) {
      throw new EarnRuleError(EarnRuleErrorCode.CapsInconsistent, 'the monthly cap cannot be below the daily cap');
    }
    return this.dataSource.transaction(async (manager) => {
      // One writer of a programme's versions at a time, so version numbers never clash.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`earn-rules:${programmeId}`]);
      const existing = await this.versions(manager, programmeId);
      const now = new Date((await manager.query('SELECT now() AS now'))[0].now as Date);
      const effectiveFrom = dto.effectiveFrom ? new Date(dto.effectiveFrom) : now;
      const latest = existing[existing.length - 1];
      if (effectiveFrom.getTime() < now.getTime() - 1000 || (latest && effectiveFrom <= latest.effectiveFrom)) {
        throw new EarnRuleError(
          EarnRuleErrorCode.EffectiveInPast,
          `effectiveFrom must be now or later and after version ${latest?.version ?? 0}'s start`,
        );
      }
      const rule = manager.create(EarnRule, {
        programmeId,
        version: (latest?.version ?? 0) + 1,
        effectiveFrom,
        pointsPerHour: dto.pointsPerHour ?? null,
        maxPointsPerHour: dto.maxPointsPerHour ?? null,
        raiseApprovalMinutes: dto.raiseApprovalMinutes ?? null,
        categoryBonus: { ...dto.categoryBonus },
        dailyCap: dto.dailyCap ?? null,
        monthlyCap: dto.monthlyCap ?? null,
        lifetimeDays: dto.lifetimeDays ?? null,
        timeZone,
        createdBy,
      });
      await manager.insert(EarnRule, rule);
      // Announced with the version, in its transaction: volunteers bounds activities' rates by it.
      await lastValueFrom(
        this.outbox.within(manager).emit(Topics.EarnRuleCreatedV1, {
          key: programmeId,
          value: {
            programmeId,
            version: rule.version,
            effectiveFrom: effectiveFrom.toISOString(),
            maxPointsPerHour: rule.maxPointsPerHour,
            pointsPerHour: rule.pointsPerHour,
            raiseApprovalMinutes: rule.raiseApprovalMinutes,
          } satisfies EarnRuleCreatedV1,
        }),
      );
      const [saved] = await this.versions(manager, programmeId, rule.version);
      return toView(saved!);
    });
  }

  /**
   * A programme's versions, oldest first. A programme seen for the first time gets version 1
   * (the neutral rule) so that every earn names the version it was made under.
   */
  async versions(manager: EntityManager, programmeId: string, onlyVersion?: number): Promise<EarnRule[]> {
    const find = () =>
      manager.find(EarnRule, {
        where: onlyVersion === undefined ? { programmeId } : { programmeId, version: onlyVersion },
        order: { version: 'ASC' },
      });
    const rules = await find();
    if (rules.length > 0 || onlyVersion !== undefined) return rules;
    await manager.query(
      `INSERT INTO earn_rules (programme_id, version, effective_from, created_by) VALUES ($1, 1, $2, 'ledger')
       ON CONFLICT DO NOTHING`,
      [programmeId, DEFAULT_EFFECTIVE_FROM],
    );
    return find();
  }
}

function assertProgramme(programmeId: string): void {
  if (!PROGRAMME_ID.test(programmeId)) {
    throw new EarnRuleError(EarnRuleErrorCode.InvalidProgramme, `"${programmeId}" is not a programme id`);
  }
}

function toView(rule: EarnRule): EarnRuleView {
  return {
    programmeId: rule.programmeId,
    version: rule.version,
    effectiveFrom: rule.effectiveFrom.toISOString(),
    pointsPerHour: rule.pointsPerHour,
    maxPointsPerHour: rule.maxPointsPerHour,
    raiseApprovalMinutes: rule.raiseApprovalMinutes,
    categoryBonus: rule.categoryBonus,
    dailyCap: rule.dailyCap,
    monthlyCap: rule.monthlyCap,
    lifetimeDays: rule.lifetimeDays,
    timeZone: rule.timeZone,
    createdBy: rule.createdBy,
    createdAt: rule.createdAt.toISOString(),
  };
}
