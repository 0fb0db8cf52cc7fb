import { randomUUID } from 'node:crypto';
import { demo, Platform } from './platform';

const minutes = (n: number) => n * 60_000;

/**
 * `Idempotency-Key` on the public API, as docs/api.md promises: a retried write is applied once
 * and answered the same; the key with another body is refused with 422; concurrent retries make
 * one row; a refused request frees its key.
 */
describe('Idempotency-Key through the gateway', () => {
  const platform = new Platform('e2e_idem');
  let organizer: string;
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    await platform.start();
    organizer = await platform.login(demo('organizer'));
    admin = await platform.login(demo('admin'));
    orgId = await platform.organizedOrg(organizer);
  });

  afterAll(() => platform.stop());

  const activity = (title: string, capacity = 5) => ({
    orgId,
    title,
    category: 'elderly',
    place: { name: '阳光社区活动中心' },
    startsAt: new Date(Date.now() + minutes(60)).toISOString(),
    endsAt: new Date(Date.now() + minutes(180)).toISOString(),
    capacity,
    pointsPerHour: 10,
  });

  const create = (body: object, key?: string, token = organizer) => {
    const req = platform.http().post('/api/v1/activities').set('authorization', `Bearer ${token}`);
    if (key !== undefined) void req.set('idempotency-key', key);
    return req.send(body);
  };

  async function countTitled(title: string): Promise<number> {
    const res = await platform.http().get('/api/v1/activities').query({ q: title, limit: 100 }).expect(200);
    return (res.body as { items: { title: string }[] }).items.filter((a) => a.title === title).length;
  }

  it('applies a retried POST /activities once and answers it the same', async () => {
    const title = `重试 ${randomUUID().slice(0, 8)}`;
    const key = `create-${randomUUID()}`;
    const body = activity(title);
    const first = await create(body, key);
    const again = await create(body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countTitled(title)).toBe(1);
  });

  it('refuses the same key with a different body with 422, and creates nothing more', async () => {
    const title = `换内容 ${randomUUID().slice(0, 8)}`;
    const key = `create-${randomUUID()}`;
    const body = activity(title);
    expect((await create(body, key)).status).toBe(201);
    const changed = await create({ ...body, capacity: 9 }, key);
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await countTitled(title)).toBe(1);
  });

  it('makes one activity from concurrent retries of one key', async () => {
    const title = `并发 ${randomUUID().slice(0, 8)}`;
    const key = `create-${randomUUID()}`;
    const body = activity(title);
    const answers = await Promise.all(Array.from({ length: 8 }, () => create(body, key)));
    const created = answers.filter((a) => a.status === 201);
    // The first answers 201; each other either replays it (201) or is told it is still running (409).
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(new Set(created.map((a) => (a.body as { id: string }).id)).size).toBe(1);
    expect(created.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await countTitled(title)).toBe(1);
  });

  it('keeps keys per user: the same key from two users is two requests', async () => {
    const title = `各自 ${randomUUID().slice(0, 8)}`;
    const key = `shared-${randomUUID()}`;
    expect((await create(activity(title), key, organizer)).status).toBe(201);
    expect((await create(activity(title), key, admin)).status).toBe(201);
    expect(await countTitled(title)).toBe(2);
  });

  it('frees the key of a refused request, so the corrected request can use it', async () => {
    const title = `改正 ${randomUUID().slice(0, 8)}`;
    const key = `create-${randomUUID()}`;
    const refused = await create({ ...activity(title), orgId: randomUUID() }, key);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect((await create(activity(title), key)).status).toBe(201);
    expect(await countTitled(title)).toBe(1);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const res = await create(activity('坏键'), 'has space');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'Idempotency-Key', errors: [expect.any(String)] }]);
  });

  it('applies a retried POST /orgs once', async () => {
    const name = `幂等组织 ${randomUUID().slice(0, 8)}`;
    const key = `org-${randomUUID()}`;
    const post = () =>
      platform
        .http()
        .post('/api/v1/orgs')
        .set('authorization', `Bearer ${admin}`)
        .set('idempotency-key', key)
        .send({ name, kind: 'community' });
    const first = await post();
    const again = await post();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const list = await platform.http().get('/api/v1/orgs').query({ q: name }).set('authorization', `Bearer ${admin}`).expect(200);
    expect((list.body as { items: unknown[] }).items).toHaveLength(1);
  });
});
