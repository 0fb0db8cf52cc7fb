import { Injectable, Logger } from '@nestjs/common';
import { CursorKeys, decodeCursor, toPage, type UserContext } from '@goodloop/common';
import type { PageQuery, RunPageView, RunStartedView, RunView, StartRunDto } from '@goodloop/contracts';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MatchingConfig } from '../config/env';
import { runEngine, type EngineNeed, type EngineOffer } from '../engine';
import { MatchingJobNames, MatchingJobs } from '../jobs/matching-jobs.service';
import { NeedsService } from '../needs/needs.service';
import { isMatchingStaff } from '../shared/access';
import { Run } from './entities/run.entity';
import { RunError, RunErrorCode } from './runs.errors';

interface NeedRow {
  id: string;
  org_id: string;
  kind: 'item' | 'skill';
  category: string;
  remaining: number;
  lat: number;
  lng: number;
  neighbourhood: string;
  deadline: Date;
  urgency: number;
  beneficiaries: string[];
  window_start: Date | null;
  window_end: Date | null;
}

interface OfferRow {
  id: string;
  kind: 'item' | 'skill';
  categories: string[];
  confirmed_skills: string[];
  label: string;
  org_id: string | null;
  free: number;
  lat: number;
  lng: number;
  expires_on: string | null;
  for_beneficiaries: string[];
  availability: { weekday: number; from: string; to: string }[];
  reach_km: number | null;
}

const INSERT_CHUNK = 1000;

/**
 * Matching runs. Staff (or the schedule) start one; the job queue carries it out, one at a
 * time: expire lapsed needs, retire the previous runs' proposals nobody has answered, load
 * what is still needed and what is still free, solve for the assignment of most value, and
 * save its proposals with their scores. A run's view compares its value with the run before.
 */
@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: MatchingJobs,
    private readonly needs: NeedsService,
    private readonly config: MatchingConfig,
  ) {
    jobs.handle(MatchingJobNames.Run, (data) => this.execute((data as { runId: string }).runId));
    jobs.handle(MatchingJobNames.ScheduledRun, async () => {
      const runId = await this.create('schedule', null, this.config.MATCHING_MAX_DISTANCE_KM);
      await this.execute(runId);
      return runId;
    });
  }

  async start(dto: StartRunDto, user: UserContext): Promise<RunStartedView> {
    if (!isMatchingStaff(user)) throw new RunError(RunErrorCode.NotMatchingStaff);
    const runId = await this.create('manual', user.id, dto.maxDistanceKm ?? this.config.MATCHING_MAX_DISTANCE_KM);
    await this.jobs.enqueueRun(runId);
    return { runId };
  }

  async get(id: string, user: UserContext): Promise<RunView> {
    if (!isMatchingStaff(user)) throw new RunError(RunErrorCode.NotMatchingStaff);
    const run = await this.dataSource.getRepository(Run).findOneBy({ id });
    if (!run) throw new RunError(RunErrorCode.RunNotFound);
    return (await this.views([run]))[0]!;
  }

  async list(query: PageQuery, user: UserContext): Promise<RunPageView> {
    if (!isMatchingStaff(user)) throw new RunError(RunErrorCode.NotMatchingStaff);
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, CursorKeys.timeAndId);
    const qb = this.dataSource.getRepository(Run).createQueryBuilder('r').orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1);
    if (after) qb.andWhere('(r.created_at, r.id) < (:at, :id)', { at: after.at, id: after.id });
    const views = await this.views(await qb.getMany());
    return toPage(
      views,
      limit,
      (v) => [v.createdAt, v.id],
      (v) => v,
    );
  }

  private async create(trigger: 'manual' | 'schedule', startedBy: string | null, maxDistanceKm: number): Promise<string> {
    const id = uuidv7();
    await this.dataSource.getRepository(Run).insert({ id, status: 'queued', trigger, startedBy, maxDistanceKm, stage: 'queued' });
    return id;
  }

  /** Carries out run `runId` (a job; a run already finished is left as it is). */
  async execute(runId: string): Promise<void> {
    const repo = this.dataSource.getRepository(Run);
    const run = await repo.findOneBy({ id: runId });
    if (!run || run.status === 'done') return;
    const now = new Date();
    try {
      await repo.update({ id: runId }, { status: 'running', stage: 'loading', progress: 5, error: null });
      await this.needs.expireLapsed(now);
      // Proposals of earlier runs that nobody has answered are planned afresh; half-accepted ones stand.
      await this.dataSource.query(
        `UPDATE matches SET status = 'superseded', decided_at = now()
          WHERE status = 'proposed' AND need_side = 'pending' AND offer_side = 'pending' AND run_id <> $1`,
        [runId],
      );
      const needs = await this.loadNeeds(now);
      const offers = await this.loadOffers(now);
      const neighbourhoodMet = await this.neighbourhoodMet(now);
      await repo.update({ id: runId }, { stage: 'solving', progress: 30 });
      const started = Date.now();
      const result = runEngine(needs, offers, { now: now.toISOString(), maxDistanceKm: run.maxDistanceKm, neighbourhoodMet });
      const solveMs = Date.now() - started;
      await repo.update({ id: runId }, { stage: 'saving', progress: 80 });
      const needOrg = new Map(needs.map((n) => [n.id, (n as EngineNeed & { orgId: string }).orgId]));
      const offerOf = new Map(offers.map((o) => [o.id, o as EngineOffer & { orgId: string | null; label: string }]));
      const previous = await repo
        .createQueryBuilder('r')
        .where(`r.status = 'done' AND r.id <> :runId AND r.created_at < :createdAt`, { runId, createdAt: run.createdAt })
        .orderBy('r.created_at', 'DESC')
        .limit(1)
        .getOne();
      await this.dataSource.transaction(async (manager) => {
        const rows = result.matches.map((m) => ({
          id: uuidv7(),
          run_id: runId,
          kind: m.kind,
          need_id: m.needId,
          need_org_id: needOrg.get(m.needId)!,
          offer_id: m.offerId,
          offer_org_id: offerOf.get(m.offerId)?.orgId ?? null,
          offer_label: offerOf.get(m.offerId)?.label ?? '',
          quantity: m.quantity,
          score: m.score,
          parts: JSON.stringify(m.parts),
          distance_km: m.distanceKm,
        }));
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          const chunk = rows.slice(i, i + INSERT_CHUNK);
          await manager.query(
            `INSERT INTO matches (id, run_id, kind, need_id, need_org_id, offer_id, offer_org_id, offer_label, quantity, score, parts, distance_km, status)
             SELECT x.id, x.run_id, x.kind, x.need_id, x.need_org_id, x.offer_id, x.offer_org_id, x.offer_label, x.quantity, x.score, x.parts, x.distance_km, 'proposed'
               FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, run_id uuid, kind varchar, need_id uuid, need_org_id uuid, offer_id uuid,
                    offer_org_id uuid, offer_label varchar, quantity int, score int, parts jsonb, distance_km double precision)`,
            [JSON.stringify(chunk.map((r) => ({ ...r, parts: JSON.parse(r.parts) as unknown })))],
          );
        }
        await manager.update(
          Run,
          { id: runId },
          {
            status: 'done',
            stage: 'done',
            progress: 100,
            previousRunId: previous?.id ?? null,
            totals: {
              needs: needs.length,
              offers: offers.length,
              candidates: result.candidates,
              matches: result.matches.length,
              units: result.units,
              value: result.value,
              needsServed: result.needsServed,
              needsFully: result.needsFully,
              solveMs,
            },
            finishedAt: new Date(),
          },
        );
      });
      this.logger.log(`run ${runId}: ${result.matches.length} matches, value ${result.value}, ${solveMs} ms`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.update({ id: runId }, { status: 'failed', stage: 'failed', error: message.slice(0, 500), finishedAt: new Date() });
      throw error;
    }
  }

  /** Open needs before their deadline, with what is still to be met beyond accepted and half-accepted matches. */
  private async loadNeeds(now: Date): Promise<(EngineNeed & { orgId: string })[]> {
    const rows = (await this.dataSource.query(
      `SELECT n.id, n.org_id, n.kind, n.category, n.quantity - n.met - COALESCE(h.q, 0) AS remaining, n.lat, n.lng,
              n.neighbourhood, n.deadline, n.urgency, n.beneficiaries, n.window_start, n.window_end
         FROM needs n
         LEFT JOIN (SELECT need_id, sum(quantity)::int AS q FROM matches WHERE status = 'proposed' GROUP BY need_id) h ON h.need_id = n.id
        WHERE n.status = 'open' AND n.deadline > $1 AND n.quantity - n.met - COALESCE(h.q, 0) > 0`,
      [now],
    )) as NeedRow[];
    return rows.map((n) => ({
      id: n.id,
      orgId: n.org_id,
      kind: n.kind,
      category: n.category,
      remaining: Number(n.remaining),
      lat: n.lat,
      lng: n.lng,
      neighbourhood: n.neighbourhood,
      deadline: n.deadline.toISOString(),
      urgency: n.urgency as EngineNeed['urgency'],
      beneficiaries: n.beneficiaries,
      ...(n.window_start && n.window_end ? { window: { start: n.window_start.toISOString(), end: n.window_end.toISOString() } } : {}),
    }));
  }

  /** Matchable offers with what is free of them: stock less open proposals and acceptances not yet allocated. */
  private async loadOffers(now: Date): Promise<(EngineOffer & { orgId: string | null; label: string })[]> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.kind, o.categories, o.confirmed_skills, o.label, o.org_id, o.available - COALESCE(c.q, 0) AS free,
              o.lat, o.lng, to_char(o.expires_on, 'YYYY-MM-DD') AS expires_on, o.for_beneficiaries, o.availability, o.reach_km
         FROM offers o
         LEFT JOIN (SELECT offer_id, sum(quantity)::int AS q FROM matches WHERE status = 'proposed' OR (status = 'accepted' AND kind = 'item') GROUP BY offer_id) c
           ON c.offer_id = o.id
        WHERE o.matchable AND o.available - COALESCE(c.q, 0) > 0
          AND (o.expires_on IS NULL OR o.expires_on >= (($1::timestamptz) AT TIME ZONE 'Asia/Shanghai')::date)`,
      [now],
    )) as OfferRow[];
    return rows.map((o) => ({
      id: o.id,
      orgId: o.org_id,
      label: o.label,
      kind: o.kind,
      categories: o.categories,
      confirmedSkills: o.confirmed_skills,
      available: Number(o.free),
      lat: o.lat,
      lng: o.lng,
      ...(o.expires_on ? { expiresOn: o.expires_on } : {}),
      ...(o.for_beneficiaries.length > 0 ? { conditions: { beneficiaries: o.for_beneficiaries } } : {}),
      ...(o.kind === 'skill' ? { availability: o.availability as EngineOffer['availability'] } : {}),
      ...(o.reach_km !== null ? { reachKm: o.reach_km } : {}),
    }));
  }

  /** For fairness: what share of what each neighbourhood asked for in the last 90 days was met. */
  private async neighbourhoodMet(now: Date): Promise<Record<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT neighbourhood, sum(met)::float8 / NULLIF(sum(quantity), 0) AS share
         FROM needs WHERE created_at > $1::timestamptz - interval '90 days' GROUP BY neighbourhood`,
      [now],
    )) as { neighbourhood: string; share: number | null }[];
    return Object.fromEntries(rows.map((r) => [r.neighbourhood, r.share ?? 0]));
  }

  private async views(runs: Run[]): Promise<RunView[]> {
    const previousIds = runs.flatMap((r) => r.previousRunId ?? []);
    const previous = previousIds.length
      ? await this.dataSource.getRepository(Run).createQueryBuilder('r').where('r.id IN (:...previousIds)', { previousIds }).getMany()
      : [];
    const previousOf = new Map(previous.map((p) => [p.id, p]));
    return runs.map((r) => {
      const p = r.previousRunId ? previousOf.get(r.previousRunId) : undefined;
      return {
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        startedBy: r.startedBy,
        progress: r.progress,
        stage: r.stage,
        maxDistanceKm: r.maxDistanceKm,
        totals: r.totals,
        previous:
          p?.totals && r.totals
            ? { runId: p.id, value: p.totals.value, units: p.totals.units, matches: p.totals.matches, valueDelta: r.totals.value - p.totals.value }
            : null,
        error: r.error,
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      };
    });
  }
}
