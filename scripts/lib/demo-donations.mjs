/**
 * Demo data for donations, created through the public API — once: when a fund exists already,
 * nothing is added. The community fund of 阳光社区 with three confirmed gifts (the sandbox
 * provider confirms them through the signed webhook, and each gets its receipt); the demo
 * donor's donor-advised fund, hosted by 社区公益基金会, with one recommendation waiting for
 * staff; 爱心企业联盟's pledges of goods, course seats and a service, received and offered as
 * rewards; and 200 welcome points for the demo resident, enough to redeem one.
 */
import { call, login, until } from './demo-api.mjs';
import { log } from './infra.mjs';

export async function seedDemoDonations(base) {
  const existing = await call(base, 'GET', '/funds');
  if (existing.items.length > 0) return;

  const organizer = await login(base, 'organizer');
  const foundation = await login(base, 'foundation');
  const business = await login(base, 'business');
  const donor = await login(base, 'donor');
  const admin = await login(base, 'admin');
  const resident = await login(base, 'resident');
  const community = organizer.me.memberships.find((m) => m.role === 'organizer');
  const host = foundation.me.memberships.find((m) => m.role === 'foundation_staff');
  const shop = business.me.memberships.find((m) => m.role === 'business');

  // The organisations reach the donations service over Kafka a moment after the gateway creates them.
  const fund = await until(
    'the donations service to know 阳光社区',
    () =>
      call(base, 'POST', '/funds', {
        token: organizer.token,
        body: {
          name: '阳光社区公益金',
          kind: 'community',
          orgId: community.orgId,
          description: '用于社区助老、儿童课后辅导和环境改善。',
        },
      }).catch(() => null),
    (f) => f !== null,
  );

  const gifts = [];
  for (const amount of [20_000, 50_000, 8_800]) {
    gifts.push(
      await call(base, 'POST', '/donations', {
        token: donor.token,
        body: { fundId: fund.id, amount, message: '祝阳光社区越来越好' },
      }),
    );
  }
  for (const gift of gifts) {
    await until(
      `the receipt of a ¥${gift.amount / 100} gift`,
      () => call(base, 'GET', `/donations/${gift.id}`, { token: donor.token }),
      (d) => d.receiptNumber,
    );
  }

  const daf = await until(
    'the donations service to know 社区公益基金会',
    () =>
      call(base, 'POST', '/daf', { token: donor.token, body: { name: '赵女士家庭公益基金', orgId: host.orgId } }).catch(
        () => null,
      ),
    (f) => f !== null,
  );
  const dafGift = await call(base, 'POST', '/donations', { token: donor.token, body: { fundId: daf.id, amount: 100_000 } });
  await until(
    'the donor-advised fund’s gift',
    () => call(base, 'GET', `/daf/${daf.id}`, { token: donor.token }),
    (d) => d.balance >= dafGift.amount,
  );
  await call(base, 'POST', `/daf/${daf.id}/recommendations`, {
    token: donor.token,
    body: { amount: 30_000, targetKind: 'fund', targetId: fund.id, note: '支持阳光社区的助老服务' },
  });

  const expiresOn = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  const pledges = [
    {
      item: '东北大米 5kg',
      category: 'goods',
      quantity: 20,
      unit: '袋',
      unitValue: 4_500,
      price: 60,
      limit: 1,
      hours: '周一至周五 9:00–17:00',
    },
    {
      item: '少儿编程体验课',
      category: 'course',
      quantity: 10,
      unit: '个名额',
      unitValue: 20_000,
      price: 150,
      limit: 1,
      hours: '周六 10:00–11:30',
    },
    {
      item: '家电清洗服务（上门）',
      category: 'service',
      quantity: 8,
      unit: '次',
      unitValue: 8_000,
      price: 100,
      limit: 1,
      hours: '预约后上门',
    },
  ];
  for (const p of pledges) {
    const pledge = await call(base, 'POST', '/pledges', {
      token: business.token,
      body: {
        orgId: shop.orgId,
        item: p.item,
        category: p.category,
        quantity: p.quantity,
        unit: p.unit,
        unitValue: p.unitValue,
        expiresOn,
        pickupPlace: '阳光社区服务站（示范路 1 号）',
        pickupHours: p.hours,
        conditions: '凭领取码领取，每人限一份',
      },
    });
    await call(base, 'POST', `/pledges/${pledge.id}/receive`, {
      token: foundation.token,
      body: { quantity: p.quantity, note: '已验收' },
    });
    await call(base, 'POST', '/rewards', {
      token: foundation.token,
      body: { pledgeId: pledge.id, pointsPrice: p.price, quantity: p.quantity, perResidentLimit: p.limit },
    });
  }

  await call(base, 'POST', '/ledger/transfers', {
    token: admin.token,
    body: {
      transferId: `demo:welcome:${resident.me.id}`,
      debitAccount: 'issuance:community-points',
      creditAccount: `user:${resident.me.id}`,
      asset: 'POINTS',
      amount: 200,
      code: 'adjust',
      references: { description: '欢迎积分（演示数据）' },
    },
  });
  log(
    'demo data: 阳光社区公益金 with 3 gifts and receipts, a donor-advised fund with a recommendation waiting, 3 rewards from 爱心企业联盟, 200 points for the demo resident',
  );
}
