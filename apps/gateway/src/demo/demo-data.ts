import type { MembershipRole, OrgKind } from '@goodloop/contracts';

/**
 * The demo data set (DEMO_SEED=true): one account per role and three organisations, so every
 * page of the web app has someone to show it to. Scripts and tests import these constants
 * rather than repeating the strings.
 */

export const DEMO_SEED_NAME = 'demo-v1';

export const DEMO_EMAIL_DOMAIN = 'demo.goodloop.local';

/** The password of every demo account. Demo data only: never enable DEMO_SEED in production. */
export const DEMO_PASSWORD = 'GoodLoop-demo-2026';

export type DemoUserKey = 'resident' | 'organizer' | 'business' | 'foundation' | 'reviewer' | 'donor' | 'admin';

export interface DemoUser {
  email: string;
  displayName: string;
  admin?: boolean;
  residentVerified?: boolean;
}

export const DEMO_USERS: Record<DemoUserKey, DemoUser> = {
  resident: { email: `resident@${DEMO_EMAIL_DOMAIN}`, displayName: '居民小王', residentVerified: true },
  organizer: { email: `organizer@${DEMO_EMAIL_DOMAIN}`, displayName: '组织者老李' },
  business: { email: `business@${DEMO_EMAIL_DOMAIN}`, displayName: '爱心企业张经理' },
  foundation: { email: `foundation@${DEMO_EMAIL_DOMAIN}`, displayName: '基金会刘老师' },
  reviewer: { email: `reviewer@${DEMO_EMAIL_DOMAIN}`, displayName: '评审专家陈教授' },
  donor: { email: `donor@${DEMO_EMAIL_DOMAIN}`, displayName: '捐赠人赵女士' },
  admin: { email: `admin@${DEMO_EMAIL_DOMAIN}`, displayName: '平台管理员', admin: true, residentVerified: true },
};

export const DEMO_EMAILS: readonly string[] = Object.values(DEMO_USERS).map((u) => u.email);

export type DemoOrgKey = 'community' | 'business' | 'foundation';

export interface DemoOrg {
  name: string;
  kind: OrgKind;
  /** The first member, who gets the kind's managing role. */
  founder: DemoUserKey;
  /** Further members and their roles. */
  members: { user: DemoUserKey; role: MembershipRole }[];
}

export const DEMO_ORGS: Record<DemoOrgKey, DemoOrg> = {
  community: { name: '阳光社区', kind: 'community', founder: 'organizer', members: [] },
  business: { name: '爱心企业联盟', kind: 'business', founder: 'business', members: [] },
  foundation: {
    name: '社区公益基金会',
    kind: 'foundation',
    founder: 'foundation',
    members: [{ user: 'reviewer', role: 'reviewer' }],
  },
};

export const DEMO_ORG_NAMES: readonly string[] = Object.values(DEMO_ORGS).map((o) => o.name);
