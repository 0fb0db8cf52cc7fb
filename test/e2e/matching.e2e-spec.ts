import { KafkaTestClient, waitFor } from '@goodloop/common/testing';
import { Topics, type MatchAcceptedV1 } from '@goodloop/contracts';
import { DataSource } from 'typeorm';
import { demo, Platform } from './platform';

/**
 * Matching through the public API, on the real services: a pledge received by staff and a
 * volunteer's profile become offers (from donations' and volunteers' events); a run proposes
 * matches with their reasons; both sides accept; donations allocates the stock once — also when
 * the acceptance is delivered twice — and volunteers invites the volunteer. Bad needs are refused
 * with their fields and change nothing.
 */
describe('matching (through the gateway)', () => {
  const platform = new Platform('e2e_matching');
  let admin: string;
  let foundation: string;
  let business: string;
  let organizer: string;
  let businessOrg: string;
  let communityOrg: string;
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
  const place = { lat: 30.6598, lng: 104.0657, address: '阳光社区 3 栋', neighbourhood: '阳光社区' };

  beforeAll(async () => {
    await platform.start();
    admin = await platform.login(demo('admin'));
    foundation = await platform.login(demo('foundation'));
    business = await platform.login(demo('business'));
    organizer = await platform.login(demo('organizer'));
    businessOrg = await membershipOf(business, 'business');
    communityOrg = await membershipOf(organizer, 'organizer');
    const donations = platform.donations!.get(DataSource);
    await waitFor(
      async () => (await donations.query('SELECT id FROM orgs WHERE id = $1', [businessOrg])) as unknown[],
      (rows) => rows.length === 1,
      { what: 'donations to know the demo business' },
    );
  });

  afterAll(() => platform.stop());

  function as(token: string) {
    return {
      post: (path: string, body: object = {}) => platform.http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body),
      put: (path: string, body: object = {}) => platform.http().put(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body),
      get: (path: string) => platform.http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
    };
  }

  async function membershipOf(token: string, role: string): Promise<string> {
    const me = await as(token).get('/me').expect(200);
    const m = (me.body as { memberships: { orgId: string; role: string }[] }).memberships.find((x) => x.role === role);
    if (!m) throw new Error(`no ${role} membership`);
    return m.orgId;
  }

  const matchingDb = () => platform.matching!.get(DataSource);
  const donationsDb = () => platform.donations!.get(DataSource);

  /** A pledge of `quantity` bags, received into stock by staff. */
  async function stockedPledge(item: string, itemCategory: string, quantity: number, extra: object = {}): Promise<string> {
    const pledge = await as(business).post('/pledges', {
      orgId: businessOrg,
      item,
      category: 'goods',
      quantity,
      unit: '袋',
      unitValue: 5_000,
      expiresOn: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      pickupPlace: '阳光粮油店',
      pickupHours: '9:00–18:00',
      itemCategory,
      pickupLat: 30.6612,
      pickupLng: 104.0701,
      ...extra,
    });
    expect(pledge.status).toBe(201);
    const received = await as(foundation).post(`/pledges/${pledge.body.id}/receive`, { quantity });
    expect(received.status).toBe(200);
    return pledge.body.id as string;
  }

  async function offerOf(id: string, available: number): Promise<void> {
    await waitFor(
      async () => (await matchingDb().query('SELECT available, matchable FROM offers WHERE id = $1', [id])) as { available: number; matchable: boolean }[],
      (rows) => rows[0]?.matchable === true && rows[0].available === available,
      { what: `offer ${id} with ${available} available`, timeoutMs: 30_000 },
    );
  }

  async function runToTheEnd(): Promise<{ id: string; body: Record<string, unknown> }> {
    const started = await as(foundation).post('/matching/runs', { maxDistanceKm: 10 });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const done = await waitFor(
      async () => (await as(foundation).get(`/matching/runs/${runId}`)).body as Record<string, unknown>,
      (run) => run.status === 'done' || run.status === 'failed',
      { what: `run ${runId} to finish`, timeoutMs: 30_000 },
    );
    expect(done.status).toBe('done');
    return { id: runId, body: done };
  }

  describe('bad needs', () => {
    const good = () => ({
      orgId: communityOrg,
      kind: 'item',
      title: '独居老人冬季大米',
      category: 'rice_flour',
      quantity: 10,
      unit: '袋',
      ...place,
      deadline: inAWeek(),
      urgency: 4,
      beneficiaries: ['elderly'],
    });

    it.each([
      ['a negative quantity', { quantity: -3 }, 'quantity'],
      ['a zero quantity', { quantity: 0 }, 'quantity'],
      ['a deadline in the past', { deadline: '2020-01-01T00:00:00Z' }, 'deadline'],
      ['an unknown category', { category: 'spaceships' }, 'category'],
      ['a skill as an item category', { category: 'tutoring' }, 'category'],
      ['a latitude outside ±90', { lat: 91 }, 'lat'],
      ['a longitude outside ±180', { lng: -181 }, 'lng'],
      ['an unknown beneficiary group', { beneficiaries: ['martians'] }, 'beneficiaries'],
      ['a skill need without a window', { kind: 'skill', category: 'tutoring' }, 'windowStart'],
    ])('refuses %s with the field, and posts nothing', async (_what, change, field) => {
      const before = (await matchingDb().query('SELECT count(*)::int AS n FROM needs')) as { n: number }[];
      const res = await as(organizer).post('/needs', { ...good(), ...change });
      expect(res.status).toBe(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
      const after = (await matchingDb().query('SELECT count(*)::int AS n FROM needs')) as { n: number }[];
      expect(after[0]!.n).toBe(before[0]!.n);
    });

    it('refuses a need for an organisation the caller does not organize', async () => {
      const res = await as(business).post('/needs', good());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('NOT_ORGANIZER_OF_ORG');
    });
  });

  describe('offers, a run, and answers', () => {
    let pledgeId: string;
    let needId: string;
    let matchId: string;

    it('a pledge received into stock becomes an item offer', async () => {
      pledgeId = await stockedPledge('东北大米 10kg', 'rice_flour', 8, { forBeneficiaries: ['elderly', 'families_in_difficulty'] });
      await offerOf(pledgeId, 8);
      const offers = await as(organizer).get('/offers?kind=item&category=rice_flour');
      expect(offers.status).toBe(200);
      const offer = (offers.body.items as { id: string; available: number; forBeneficiaries: string[] }[]).find((o) => o.id === pledgeId);
      expect(offer).toMatchObject({ available: 8, forBeneficiaries: ['elderly', 'families_in_difficulty'] });
      // Residents do not see the offers.
      const resident = await platform.register(`offers-${Date.now()}@example.org`, '路人');
      expect((await as(resident.token).get('/offers')).status).toBe(403);
    });

    it('a run proposes the stock for the need, with the score and its parts', async () => {
      const need = await as(organizer).post('/needs', {
        orgId: communityOrg,
        kind: 'item',
        title: '独居老人冬季大米',
        category: 'rice_flour',
        quantity: 5,
        unit: '袋',
        ...place,
        deadline: inAWeek(),
        urgency: 5,
        beneficiaries: ['elderly'],
      });
      expect(need.status).toBe(201);
      needId = need.body.id as string;
      expect(need.body).toMatchObject({ status: 'open', met: 0, remaining: 5, place: { neighbourhood: '阳光社区' } });

      const run = await runToTheEnd();
      expect(run.body.totals).toMatchObject({ matches: expect.any(Number), units: expect.any(Number) });
      const matches = await as(foundation).get(`/matches?runId=${run.id}&needId=${needId}`);
      expect(matches.status).toBe(200);
      expect(matches.body.items).toHaveLength(1);
      const m = matches.body.items[0] as Record<string, unknown> & { parts: Record<string, number>; score: number };
      expect(m).toMatchObject({ needId, offerId: pledgeId, quantity: 5, status: 'proposed', needSide: 'pending', offerSide: 'pending' });
      expect(m.parts.urgency).toBeGreaterThan(0);
      expect(m.parts.distance).toBeGreaterThan(0);
      expect(Object.values(m.parts).reduce((a, b) => a + b, 0)).toBe(m.score);
      matchId = m.id as string;

      // The organizer and the business each see it among theirs.
      const mine = await as(organizer).get('/matches');
      expect((mine.body.items as { id: string; mySide: string }[]).find((x) => x.id === matchId)?.mySide).toBe('need');
      const theirs = await as(business).get('/matches');
      expect((theirs.body.items as { id: string; mySide: string }[]).find((x) => x.id === matchId)?.mySide).toBe('offer');
    });

    it('someone on neither side cannot answer; a side answers once', async () => {
      const outsider = await platform.register(`outsider-${Date.now()}@example.org`, '旁观者');
      const refused = await as(outsider.token).post(`/matches/${matchId}/accept`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NOT_YOUR_MATCH');

      const first = await as(organizer).post(`/matches/${matchId}/accept`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ needSide: 'accepted', offerSide: 'pending', status: 'proposed' });
      const again = await as(organizer).post(`/matches/${matchId}/accept`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('MATCH_ALREADY_ANSWERED');
      expect((await as(organizer).get(`/needs/${needId}`)).body).toMatchObject({ met: 0, remaining: 5 });
    });

    it('both sides accepted: donations allocates the stock once, even when the acceptance arrives twice', async () => {
      const kafka = new KafkaTestClient(platform.topicPrefix);
      try {
        const accepted = await as(business).post(`/matches/${matchId}/accept`);
        expect(accepted.status).toBe(200);
        expect(accepted.body).toMatchObject({ status: 'accepted', needSide: 'accepted', offerSide: 'accepted' });
        expect((await as(organizer).get(`/needs/${needId}`)).body).toMatchObject({ met: 5, remaining: 0, status: 'met' });

        await waitFor(
          async () => (await as(foundation).get(`/matches?runId=${(accepted.body as { runId: string }).runId}&needId=${needId}`)).body.items[0],
          (m: { status: string; allocated: number | null }) => m.status === 'allocated' && m.allocated === 5,
          { what: 'the match to be allocated', timeoutMs: 30_000 },
        );
        // The acceptance again: the same envelope (a redelivery) and a new one with the same content.
        const [row] = (await matchingDb().query(`SELECT message_id, envelope FROM outbox WHERE topic = $1`, [Topics.MatchAcceptedV1])) as {
          message_id: string;
          envelope: { payload: MatchAcceptedV1 };
        }[];
        const event = row!.envelope.payload;
        expect(event.matchId).toBe(matchId);
        await kafka.produce(Topics.MatchAcceptedV1, matchId, event, row!.message_id);
        await kafka.produce(Topics.MatchAcceptedV1, matchId, event);
        // A marker after them on the same key (same partition) proves they were handled before we count.
        const marker = await stockedPledge('五常大米 5kg', 'rice_flour', 3);
        await kafka.produce(Topics.MatchAcceptedV1, matchId, { ...event, matchId: '01930000-0000-7000-8000-000000000001', pledgeId: marker, quantity: 1 });
        await waitFor(
          async () => (await donationsDb().query('SELECT allocated_quantity::int AS a FROM pledges WHERE id = $1', [marker])) as { a: number }[],
          (rows) => rows[0]?.a === 1,
          { what: 'the marker allocation', timeoutMs: 30_000 },
        );
        const pledge = (await donationsDb().query(
          'SELECT allocated_quantity::int AS allocated, received_quantity::int AS received FROM pledges WHERE id = $1',
          [pledgeId],
        )) as { allocated: number; received: number }[];
        expect(pledge[0]).toEqual({ allocated: 5, received: 8 });
        const allocations = (await donationsDb().query('SELECT count(*)::int AS n FROM pledge_allocations WHERE match_id = $1', [matchId])) as {
          n: number;
        }[];
        expect(allocations[0]!.n).toBe(1);
        // The offer now has what is left.
        await offerOf(pledgeId, 3);
        // The business's impact counts it as matched.
        const impact = await as(business).get(`/orgs/${businessOrg}/impact`);
        expect(impact.status).toBe(200);
        expect((impact.body.pledges as { pledgeId: string; matched: number }[]).find((p) => p.pledgeId === pledgeId)?.matched).toBe(5);
      } finally {
        await kafka.close();
      }
    });

    it('a declined match frees its quantity for the next run', async () => {
      const need = await as(organizer).post('/needs', {
        orgId: communityOrg,
        kind: 'item',
        title: '困难家庭大米',
        category: 'rice_flour',
        quantity: 2,
        unit: '袋',
        ...place,
        deadline: inAWeek(),
        urgency: 3,
        beneficiaries: ['families_in_difficulty'],
      });
      expect(need.status).toBe(201);
      const first = await runToTheEnd();
      const proposed = (await as(foundation).get(`/matches?runId=${first.id}&needId=${need.body.id}`)).body.items as { id: string; quantity: number }[];
      expect(proposed.length).toBeGreaterThan(0);
      const declined = await as(organizer).post(`/matches/${proposed[0]!.id}/decline`, { reason: '已从别处得到' });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ status: 'declined', needSide: 'declined', declineReason: '已从别处得到' });
      const answerAgain = await as(business).post(`/matches/${proposed[0]!.id}/accept`);
      expect(answerAgain.status).toBe(409);
      expect(answerAgain.body.code).toBe('MATCH_CLOSED');
      const second = await runToTheEnd();
      const again = (await as(foundation).get(`/matches?runId=${second.id}&needId=${need.body.id}`)).body.items as { quantity: number }[];
      expect(again.reduce((sum, m) => sum + m.quantity, 0)).toBe(2);
      expect(second.body.previous).toMatchObject({ runId: first.id });
    });
  });

  describe('the needs board', () => {
    it('lists needs near a point, nearest first with their distance, and a closed need says why', async () => {
      const post = (title: string, lat: number, lng: number) =>
        as(organizer).post('/needs', {
          orgId: communityOrg,
          kind: 'item',
          title,
          category: 'clothing',
          quantity: 3,
          unit: '件',
          lat,
          lng,
          address: title,
          neighbourhood: '幸福社区',
          deadline: inAWeek(),
          urgency: 2,
          beneficiaries: ['residents'],
        });
      const far = await post('冬衣（远）', 30.7, 104.1); // about 5.6 km away
      const near = await post('冬衣（近）', 30.661, 104.066); // about 0.1 km away
      expect([far.status, near.status]).toEqual([201, 201]);
      const board = await platform.http().get('/api/v1/needs?near=30.6598,104.0657,2&category=clothing');
      expect(board.status).toBe(200);
      const items = board.body.items as { id: string; distanceKm: number }[];
      expect(items.map((n) => n.id)).toContain(near.body.id);
      expect(items.map((n) => n.id)).not.toContain(far.body.id);
      expect(items.every((n, i) => n.distanceKm <= 2 && (i === 0 || items[i - 1]!.distanceKm <= n.distanceKm))).toBe(true);
      const wide = await platform.http().get('/api/v1/needs?near=30.6598,104.0657,10&category=clothing');
      expect((wide.body.items as { id: string }[]).map((n) => n.id).slice(0, 2)).toEqual([near.body.id, far.body.id]);
      const bad = await platform.http().get('/api/v1/needs?near=somewhere');
      expect(bad.status).toBe(400);
      expect((bad.body.details as { field: string }[]).map((d) => d.field)).toContain('near');

      expect((await as(business).post(`/needs/${far.body.id}/close`, { reason: '已解决' })).status).toBe(403);
      const closed = await as(organizer).post(`/needs/${far.body.id}/close`, { reason: '居民已自行解决' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', closedReason: '居民已自行解决' });
      expect((await as(organizer).post(`/needs/${far.body.id}/close`, { reason: '再关一次' })).body.code).toBe('NEED_CLOSED');
    });
  });

  describe('volunteers', () => {
    it('a volunteer profile becomes a skill offer; an accepted skill match invites the volunteer', async () => {
      const volunteer = await platform.register(`tutor-${Date.now()}@example.org`, '李老师');
      const refused = await as(volunteer.token).put('/me/volunteer-profile', {
        skills: ['tutoring', 'juggling'],
        availability: [],
        homeArea: null,
      });
      expect(refused.status).toBe(400);
      const saved = await as(volunteer.token).put('/me/volunteer-profile', {
        skills: ['tutoring'],
        availability: [
          { weekday: 1, from: '16:00', to: '20:00' },
          { weekday: 3, from: '16:00', to: '20:00' },
        ],
        homeArea: { lat: 30.662, lng: 104.06, address: '阳光社区 7 栋', reachKm: 5 },
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ starLevel: 0, verifiedHours: 0, skills: [{ skill: 'tutoring', confirmedBy: null }] });
      const confirmed = await as(organizer).post(`/users/${volunteer.userId}/skills/tutoring/confirm`);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.skills[0].confirmedBy).not.toBeNull();
      expect((await as(volunteer.token).post(`/users/${volunteer.userId}/skills/tutoring/confirm`)).status).toBe(403);
      await waitFor(
        async () => (await matchingDb().query('SELECT confirmed_skills FROM offers WHERE id = $1', [volunteer.userId])) as { confirmed_skills: string[] }[],
        (rows) => rows[0]?.confirmed_skills.includes('tutoring') === true,
        { what: 'the volunteer offer with the confirmed skill', timeoutMs: 30_000 },
      );

      // Next Monday 17:00–19:00 in Shanghai.
      const monday = new Date();
      monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
      const start = new Date(`${monday.toISOString().slice(0, 10)}T17:00:00+08:00`);
      const need = await as(organizer).post('/needs', {
        orgId: communityOrg,
        kind: 'skill',
        title: '四点半课堂辅导',
        category: 'tutoring',
        quantity: 1,
        ...place,
        deadline: new Date(start.getTime() + 3 * 3600_000).toISOString(),
        urgency: 3,
        beneficiaries: ['children'],
        windowStart: start.toISOString(),
        windowEnd: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      });
      expect(need.status).toBe(201);
      const run = await runToTheEnd();
      const matches = (await as(foundation).get(`/matches?runId=${run.id}&needId=${need.body.id}`)).body.items as {
        id: string;
        offerId: string;
        parts: { skill: number };
        offerLabel: string;
      }[];
      expect(matches).toHaveLength(1);
      expect(matches[0]).toMatchObject({ offerId: volunteer.userId });
      expect(matches[0]!.parts.skill).toBeGreaterThan(0);
      expect(matches[0]!.offerLabel).not.toContain('李老师');
      // An admin does not answer for the volunteer.
      const byAdmin = await as(admin).post(`/matches/${matches[0]!.id}/accept`);
      expect(byAdmin.body).toMatchObject({ offerSide: 'pending' });
      expect((await as(volunteer.token).post(`/matches/${matches[0]!.id}/accept`)).status).toBe(200);
      expect((await as(organizer).post(`/matches/${matches[0]!.id}/accept`)).status).toBe(409); // the admin answered for the need side
      const invitations = await waitFor(
        async () => (await as(volunteer.token).get('/me/match-invitations')).body.items as { needId: string; title: string }[],
        (items) => items.length === 1,
        { what: 'the invitation', timeoutMs: 30_000 },
      );
      expect(invitations[0]).toMatchObject({ needId: need.body.id, title: '四点半课堂辅导' });
      const profile = await as(organizer).get(`/users/${volunteer.userId}/volunteer-profile`);
      expect(profile.body).toMatchObject({ displayName: '李老师', starLevel: 0 });
      expect(profile.body.homeArea).toBeUndefined();
    });
  });
});
