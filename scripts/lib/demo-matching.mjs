/**
 * Demo data for matching, created through the public API — once: when a need exists already,
 * nothing is added. 爱心企业联盟 pledges rice and cooking oil (received into stock, not turned
 * into rewards); two demo people say what they can do (the resident tutors and helps with
 * phones, the reviewer does carpentry); 阳光社区 and 幸福社区 post needs — rice and oil for
 * older people living alone, after-school tutoring, a wheelchair ramp — and staff run the
 * matching, so a newcomer finds proposals with their reasons straight away.
 */
import { call, login, until } from './demo-api.mjs';
import { log } from './infra.mjs';

const SUNSHINE = { lat: 30.6598, lng: 104.0657, neighbourhood: '阳光社区' };
const HAPPINESS = { lat: 30.6702, lng: 104.0811, neighbourhood: '幸福社区' };

/** The next `weekday` (1 Monday … 7 Sunday) at `hh:mm` in Shanghai, at least a day ahead. */
function next(weekday, hhmm) {
  const day = new Date(Date.now() + 86_400_000);
  while (((day.getUTCDay() + 6) % 7) + 1 !== weekday) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(`${day.toISOString().slice(0, 10)}T${hhmm}:00+08:00`);
}

export async function seedDemoMatching(base) {
  const existing = await call(base, 'GET', '/needs?limit=1');
  if (existing.items.length > 0) return;

  const organizer = await login(base, 'organizer');
  const foundation = await login(base, 'foundation');
  const business = await login(base, 'business');
  const resident = await login(base, 'resident');
  const reviewer = await login(base, 'reviewer');
  const community = organizer.me.memberships.find((m) => m.role === 'organizer');
  const shop = business.me.memberships.find((m) => m.role === 'business');

  const expiresOn = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const stock = [
    { item: '五常大米 10kg', itemCategory: 'rice_flour', quantity: 30, unit: '袋', unitValue: 8_900, days: 120, forBeneficiaries: [] },
    { item: '花生油 5L', itemCategory: 'cooking_oil', quantity: 12, unit: '桶', unitValue: 9_900, days: 20, forBeneficiaries: ['elderly'] },
    { item: '防滑木板（1.2m）', itemCategory: 'building_materials', quantity: 6, unit: '块', unitValue: 6_000, days: 365, forBeneficiaries: [] },
  ];
  for (const s of stock) {
    const pledge = await call(base, 'POST', '/pledges', {
      token: business.token,
      body: {
        orgId: shop.orgId,
        item: s.item,
        category: 'goods',
        quantity: s.quantity,
        unit: s.unit,
        unitValue: s.unitValue,
        expiresOn: expiresOn(s.days),
        pickupPlace: '爱心粮油店（示范路 18 号）',
        pickupHours: '每天 8:00–20:00',
        conditions: s.forBeneficiaries.length ? '优先给独居老人' : '',
        itemCategory: s.itemCategory,
        pickupLat: 30.6631,
        pickupLng: 104.0702,
        forBeneficiaries: s.forBeneficiaries,
      },
    });
    await call(base, 'POST', `/pledges/${pledge.id}/receive`, { token: foundation.token, body: { quantity: s.quantity, note: '已验收' } });
  }

  await call(base, 'PUT', '/me/volunteer-profile', {
    token: resident.token,
    body: {
      skills: ['tutoring', 'digital_help'],
      availability: [
        { weekday: 2, from: '16:00', to: '19:00' },
        { weekday: 4, from: '16:00', to: '19:00' },
        { weekday: 6, from: '09:00', to: '12:00' },
      ],
      homeArea: { lat: 30.6612, lng: 104.0631, address: '阳光社区 5 栋', reachKm: 3 },
    },
  });
  await call(base, 'POST', `/users/${resident.me.id}/skills/tutoring/confirm`, { token: organizer.token });
  await call(base, 'PUT', '/me/volunteer-profile', {
    token: reviewer.token,
    body: {
      skills: ['carpentry', 'construction'],
      availability: [{ weekday: 6, from: '08:00', to: '18:00' }],
      homeArea: { lat: 30.6688, lng: 104.0779, address: '幸福社区 2 栋', reachKm: 8 },
    },
  });

  const tuesday = next(2, '16:30');
  const saturday = next(6, '09:00');
  const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString();
  const needs = [
    {
      kind: 'item',
      title: '独居老人冬季大米',
      description: '为社区 12 户独居老人每户送一袋大米。',
      category: 'rice_flour',
      quantity: 12,
      unit: '袋',
      place: { ...SUNSHINE, address: '阳光社区服务站' },
      deadline: inDays(14),
      urgency: 4,
      beneficiaries: ['elderly'],
    },
    {
      kind: 'item',
      title: '独居老人食用油',
      category: 'cooking_oil',
      quantity: 8,
      unit: '桶',
      place: { ...HAPPINESS, address: '幸福社区居委会' },
      deadline: inDays(10),
      urgency: 3,
      beneficiaries: ['elderly'],
    },
    {
      kind: 'item',
      title: '困难家庭口粮',
      category: 'rice_flour',
      quantity: 10,
      unit: '袋',
      place: { ...HAPPINESS, address: '幸福社区居委会' },
      deadline: inDays(21),
      urgency: 3,
      beneficiaries: ['families_in_difficulty'],
    },
    {
      kind: 'skill',
      title: '四点半课堂课业辅导',
      description: '放学后陪小学生完成作业。',
      category: 'tutoring',
      quantity: 1,
      place: { ...SUNSHINE, address: '阳光社区四点半课堂' },
      deadline: new Date(tuesday.getTime() + 3 * 3600_000).toISOString(),
      urgency: 3,
      beneficiaries: ['children'],
      windowStart: tuesday.toISOString(),
      windowEnd: new Date(tuesday.getTime() + 2 * 3600_000).toISOString(),
    },
    {
      kind: 'skill',
      title: '为轮椅住户搭建无障碍坡道',
      description: '3 栋 1 单元门口两级台阶，需要搭一段木质坡道。',
      category: 'carpentry',
      quantity: 1,
      place: { ...HAPPINESS, address: '幸福社区 3 栋 1 单元' },
      deadline: new Date(saturday.getTime() + 10 * 3600_000).toISOString(),
      urgency: 5,
      beneficiaries: ['disabled', 'elderly'],
      windowStart: saturday.toISOString(),
      windowEnd: new Date(saturday.getTime() + 6 * 3600_000).toISOString(),
    },
    {
      kind: 'item',
      title: '坡道用防滑木板',
      category: 'building_materials',
      quantity: 4,
      unit: '块',
      place: { ...HAPPINESS, address: '幸福社区 3 栋 1 单元' },
      deadline: new Date(saturday.getTime()).toISOString(),
      urgency: 5,
      beneficiaries: ['disabled'],
    },
  ];
  for (const n of needs) {
    const { place, ...rest } = n;
    await call(base, 'POST', '/needs', {
      token: organizer.token,
      body: { orgId: community.orgId, ...rest, lat: place.lat, lng: place.lng, address: place.address, neighbourhood: place.neighbourhood },
    });
  }

  // Stock and profiles reach matching over Kafka a moment later: the run waits for all of them.
  await until(
    'the matching service to know the demo offers',
    () => call(base, 'GET', '/offers?limit=50', { token: foundation.token }),
    (page) => page.items.filter((o) => o.kind === 'item').length >= 3 && page.items.filter((o) => o.kind === 'skill').length >= 2,
  );
  const { runId } = await call(base, 'POST', '/matching/runs', { token: foundation.token, body: {} });
  const run = await until(
    'the demo matching run',
    () => call(base, 'GET', `/matching/runs/${runId}`, { token: foundation.token }),
    (r) => r.status === 'done' || r.status === 'failed',
    60_000,
  );
  if (run.status !== 'done') throw new Error(`demo data: the matching run failed: ${run.error}`);
  log(`demo data: 6 needs in 阳光社区 and 幸福社区, 3 pledges in stock, 2 volunteer profiles, a matching run with ${run.totals.matches} proposals`);
}
