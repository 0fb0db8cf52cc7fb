import { Injectable } from '@nestjs/common';
import { isAdmin, OutboxClient, type UserContext } from '@goodloop/common';
import {
  Skills,
  STAR_THRESHOLD_HOURS,
  starLevelOf,
  Topics,
  type InvitationOfMatchListView,
  type MatchAcceptedV1,
  type PublicVolunteerProfileView,
  type UpdateVolunteerProfileDto,
  type VolunteerProfileView,
} from '@goodloop/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentityService } from '../identity/identity.service';
import { contractPayload } from '../shared/contract';
import { MatchInvitation } from './entities/match-invitation.entity';
import { VolunteerProfile, type ProfileSkill } from './entities/volunteer-profile.entity';
import { ProfileError, ProfileErrorCode } from './profiles.errors';

const MINUTES = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** An organizer of any organisation, foundation staff, or an admin: who confirms a skill. */
function confirmsSkills(user: UserContext): boolean {
  return isAdmin(user) || user.memberships.some((m) => m.role === 'organizer' || m.role === 'foundation_staff');
}

/**
 * Volunteer profiles: skills (each with who confirmed it), weekly availability, home area and
 * reach, verified hours and the star level (100, 300, 600, 1,000 and 1,500 hours). Every change
 * is announced whole (`volunteers.profile.changed.v1`, with a growing version) in the
 * transaction that makes it; matching keeps its offers from these.
 */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxClient,
    private readonly identity: IdentityService,
  ) {}

  async mine(user: UserContext): Promise<VolunteerProfileView> {
    return this.view(user.id, await this.find(this.dataSource.manager, user.id));
  }

  async update(dto: UpdateVolunteerProfileDto, user: UserContext): Promise<VolunteerProfileView> {
    const errors = dto.availability.flatMap((slot, i) =>
      MINUTES(slot.to) <= MINUTES(slot.from) ? [{ field: `availability.${i}.to`, errors: ['to must be after from'] }] : [],
    );
    if (errors.length > 0) throw new ProfileError(ProfileErrorCode.ValidationFailed, 'Some availability slots end before they start', errors);
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockOrCreate(manager, user.id);
      // A skill kept keeps its confirmation; a skill removed and listed again must be confirmed again.
      const kept = new Map(current.skills.map((s) => [s.skill, s]));
      const skills: ProfileSkill[] = dto.skills.map((skill) => kept.get(skill) ?? { skill, confirmedBy: null, confirmedAt: null });
      const slots = [...dto.availability]
        .map((s) => ({ weekday: s.weekday, from: s.from, to: s.to }))
        .sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from));
      await manager.update(
        VolunteerProfile,
        { userId: user.id },
        {
          skills,
          availability: slots,
          homeLat: dto.homeArea?.lat ?? null,
          homeLng: dto.homeArea?.lng ?? null,
          homeAddress: dto.homeArea?.address ?? null,
          reachKm: dto.homeArea?.reachKm ?? null,
          version: current.version + 1,
        },
      );
      return this.announce(manager, user.id);
    });
    return this.view(user.id, saved);
  }

  async confirmSkill(userId: string, skill: string, user: UserContext): Promise<VolunteerProfileView> {
    if (!(Skills as readonly string[]).includes(skill)) throw new ProfileError(ProfileErrorCode.UnknownSkill);
    if (!confirmsSkills(user)) throw new ProfileError(ProfileErrorCode.NotAnOrganizer);
    if (userId === user.id) throw new ProfileError(ProfileErrorCode.OwnSkill);
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, userId);
      if (!current) throw new ProfileError(ProfileErrorCode.VolunteerNotFound);
      const listed = current.skills.find((s) => s.skill === skill);
      if (!listed) throw new ProfileError(ProfileErrorCode.SkillNotListed);
      if (listed.confirmedBy) return current;
      const skills = current.skills.map((s) =>
        s.skill === skill ? { skill, confirmedBy: user.id, confirmedAt: new Date().toISOString() } : s,
      );
      await manager.update(VolunteerProfile, { userId }, { skills, version: current.version + 1 });
      return this.announce(manager, userId);
    });
    return this.view(userId, saved);
  }

  async publicView(userId: string): Promise<PublicVolunteerProfileView> {
    const profile = await this.find(this.dataSource.manager, userId);
    const names = await this.identity.displayNames([userId, ...(profile?.skills ?? []).flatMap((s) => s.confirmedBy ?? [])]);
    if (!profile && !names.has(userId)) throw new ProfileError(ProfileErrorCode.VolunteerNotFound);
    const minutes = profile?.verifiedMinutes ?? 0;
    return {
      userId,
      displayName: names.get(userId) ?? '',
      verifiedHours: Math.floor(minutes / 6) / 10,
      starLevel: starLevelOf(minutes),
      skills: (profile?.skills ?? []).map((s) => this.skillView(s, names)),
    };
  }

  /**
   * Recounts `userId`'s verified minutes from the attendance records, inside the transaction
   * that has just verified hours, and announces the profile when the total changed. A recount
   * (not an increment) stays right when a verification is amended or delivered twice.
   */
  async recountHours(manager: EntityManager, userId: string): Promise<void> {
    const current = await this.lockOrCreate(manager, userId);
    const [row] = (await manager.query(
      `SELECT COALESCE(sum(verified_minutes), 0)::int AS minutes FROM attendance WHERE user_id = $1 AND status = 'verified'`,
      [userId],
    )) as { minutes: number }[];
    const minutes = row?.minutes ?? 0;
    if (minutes === current.verifiedMinutes) return;
    await manager.update(VolunteerProfile, { userId }, { verifiedMinutes: minutes, version: current.version + 1 });
    await this.announce(manager, userId);
  }

  /** An accepted skill match invites its volunteer (once per match). */
  async invite(manager: EntityManager, event: MatchAcceptedV1): Promise<void> {
    if (event.kind !== 'skill' || !event.volunteerId) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(MatchInvitation)
      .values({
        matchId: event.matchId,
        userId: event.volunteerId,
        needId: event.needId,
        orgId: event.needOrgId,
        title: event.needTitle,
        skill: event.category,
        address: event.address,
        windowStart: event.windowStart ? new Date(event.windowStart) : null,
        windowEnd: event.windowEnd ? new Date(event.windowEnd) : null,
      })
      .orIgnore()
      .execute();
  }

  async invitations(user: UserContext): Promise<InvitationOfMatchListView> {
    const rows = await this.dataSource
      .getRepository(MatchInvitation)
      .find({ where: { userId: user.id }, order: { invitedAt: 'DESC' }, take: 100 });
    return {
      items: rows.map((r) => ({
        matchId: r.matchId,
        needId: r.needId,
        title: r.title,
        skill: r.skill,
        address: r.address,
        windowStart: r.windowStart?.toISOString() ?? null,
        windowEnd: r.windowEnd?.toISOString() ?? null,
        orgId: r.orgId,
        invitedAt: r.invitedAt.toISOString(),
      })),
    };
  }

  private find(manager: EntityManager, userId: string): Promise<VolunteerProfile | null> {
    return manager.getRepository(VolunteerProfile).findOneBy({ userId });
  }

  private lock(manager: EntityManager, userId: string): Promise<VolunteerProfile | null> {
    return manager
      .getRepository(VolunteerProfile)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.user_id = :userId', { userId })
      .getOne();
  }

  private async lockOrCreate(manager: EntityManager, userId: string): Promise<VolunteerProfile> {
    await manager.createQueryBuilder().insert().into(VolunteerProfile).values({ userId }).orIgnore().execute();
    return (await this.lock(manager, userId))!;
  }

  private async announce(manager: EntityManager, userId: string): Promise<VolunteerProfile> {
    const p = await manager.getRepository(VolunteerProfile).findOneByOrFail({ userId });
    const displayName = (await this.identity.displayNames([userId])).get(userId) ?? '';
    await lastValueFrom(
      this.outbox.within(manager).emit(Topics.VolunteerProfileChangedV1, {
        key: userId,
        value: contractPayload(Topics.VolunteerProfileChangedV1, {
          userId,
          version: p.version,
          displayName,
          skills: p.skills.map((s) => s.skill),
          confirmedSkills: p.skills.filter((s) => s.confirmedBy).map((s) => s.skill),
          availability: p.availability,
          ...(p.homeLat !== null && p.homeLng !== null
            ? { homeArea: { lat: p.homeLat, lng: p.homeLng, address: p.homeAddress ?? '', reachKm: p.reachKm ?? 5 } }
            : {}),
          verifiedMinutes: p.verifiedMinutes,
          starLevel: starLevelOf(p.verifiedMinutes),
          changedAt: new Date().toISOString(),
        }),
      }),
    );
    return p;
  }

  private skillView(s: ProfileSkill, names: Map<string, string>): PublicVolunteerProfileView['skills'][number] {
    return {
      skill: s.skill,
      confirmedBy: s.confirmedBy,
      confirmedByName: s.confirmedBy ? (names.get(s.confirmedBy) ?? '') : null,
      confirmedAt: s.confirmedAt,
    };
  }

  private async view(userId: string, p: VolunteerProfile | null): Promise<VolunteerProfileView> {
    const names = await this.identity.displayNames([userId, ...(p?.skills ?? []).flatMap((s) => s.confirmedBy ?? [])]);
    const minutes = p?.verifiedMinutes ?? 0;
    const stars = starLevelOf(minutes);
    const next = STAR_THRESHOLD_HOURS[stars];
    return {
      userId,
      displayName: names.get(userId) ?? '',
      skills: (p?.skills ?? []).map((s) => this.skillView(s, names)),
      availability: p?.availability ?? [],
      homeArea:
        p && p.homeLat !== null && p.homeLng !== null
          ? { lat: p.homeLat, lng: p.homeLng, address: p.homeAddress ?? '', reachKm: p.reachKm ?? 5 }
          : null,
      verifiedMinutes: minutes,
      verifiedHours: Math.floor(minutes / 6) / 10,
      starLevel: stars,
      nextStar: next === undefined ? null : { level: stars + 1, hours: next },
      updatedAt: (p?.updatedAt ?? new Date(0)).toISOString(),
    };
  }
}
