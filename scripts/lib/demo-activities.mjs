/**
 * Demo activities for the demo community, created through the public API as the demo organizer
 * — once: when the community already has activities, nothing is added.
 */
import { call, DEMO_PASSWORD } from './demo-api.mjs';
import { log } from './infra.mjs';

/**
 * The demo programme's earn rule (version 3, after the migrations' 1 and 2), published by the
 * demo admin once: the activity's rate, 5 bonus points for elderly care, at most 60 points a day and 600 a month, and points
 * that expire after a year (the wallet then shows when).
 */
async function seedDemoEarnRule(base) {
  const { accessToken } = await call(base, 'POST', '/auth/login', {
    body: { email: 'admin@demo.goodloop.local', password: DEMO_PASSWORD },
  });
  const rules = await call(base, 'GET', '/programmes/community-points/earn-rules', { token: accessToken });
  // Only a version some person published counts: the migrations' (v1, and v2 with the default
  // caps) are there on every install.
  if (rules.items.some((rule) => rule.createdBy.startsWith('user:'))) return;
  await call(base, 'POST', '/programmes/community-points/earn-rules', {
    token: accessToken,
    body: { categoryBonus: { elderly: 5 }, dailyCap: 60, monthlyCap: 600, lifetimeDays: 365 },
  });
  log('demo data: earn rule for community-points (elderly bonus 5, caps 60/day and 600/month, points keep a year)');
}

export async function seedDemoActivities(base) {
  await seedDemoEarnRule(base);
  const { accessToken } = await call(base, 'POST', '/auth/login', {
    body: { email: 'organizer@demo.goodloop.local', password: DEMO_PASSWORD },
  });
  const me = await call(base, 'GET', '/me', { token: accessToken });
  const community = me.memberships.find((m) => m.role === 'organizer');
  if (!community) throw new Error('the demo organizer has no community');
  const existing = await call(base, 'GET', `/activities?orgId=${community.orgId}&limit=1`);
  if (existing.items.length > 0) return;

  const hour = 3_600_000;
  const now = Date.now();
  const at = (hoursFromNow) => new Date(Math.floor((now + hoursFromNow * hour) / hour) * hour).toISOString();
  const activities = [
    // Running now, so the check-in code works right away.
    {
      title: '社区助老：陪伴长者读报',
      category: 'elderly',
      starts: -1,
      hours: 4,
      capacity: 10,
      pph: 10,
      place: '阳光社区活动中心',
    },
    { title: '儿童课后作业辅导', category: 'children', starts: 20, hours: 2, capacity: 8, pph: 12, place: '阳光社区图书室' },
    { title: '社区环境清洁日', category: 'community', starts: 44, hours: 3, capacity: 30, pph: 8, place: '阳光社区中心广场' },
    { title: '助残出行陪护', category: 'disability', starts: 68, hours: 2, capacity: 5, pph: 15, place: '阳光社区服务站' },
    { title: '慈善义卖志愿服务', category: 'charity', starts: 140, hours: 5, capacity: 2, pph: 10, place: '阳光社区东门' },
  ];
  for (const a of activities) {
    await call(base, 'POST', '/activities', {
      token: accessToken,
      body: {
        orgId: community.orgId,
        title: a.title,
        description: `${a.title}，欢迎社区居民报名参加。`,
        category: a.category,
        place: { name: a.place, address: '上海市示范路 1 号' },
        startsAt: at(a.starts),
        endsAt: at(a.starts + a.hours),
        capacity: a.capacity,
        pointsPerHour: a.pph,
      },
    });
  }
  log(`demo data: ${activities.length} activities created in ${community.orgName}`);
}
