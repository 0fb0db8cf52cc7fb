import type { UserContext } from '@goodloop/common';
import { canPostTransfers, canReadTrialBalance, canReadWallet } from './ledger-access';

const user = (over: Partial<UserContext> = {}): UserContext => ({
  id: 'u1',
  email: 'u1@example.org',
  displayName: 'U1',
  roles: ['resident'],
  residentVerified: true,
  memberships: [],
  ...over,
});
const admin = user({ id: 'a1', roles: ['resident', 'admin'] });
const staff = user({
  id: 's1',
  memberships: [{ orgId: 'f1', orgName: 'Foundation', orgKind: 'foundation', role: 'foundation_staff' }],
});

describe('ledger access', () => {
  it('lets only admins post transfers directly', () => {
    expect(canPostTransfers(admin)).toBe(true);
    expect(canPostTransfers(user())).toBe(false);
    expect(canPostTransfers(staff)).toBe(false);
  });

  it('shows a wallet to its owner and to admins', () => {
    expect(canReadWallet(user(), 'u1')).toBe(true);
    expect(canReadWallet(user(), 'u2')).toBe(false);
    expect(canReadWallet(admin, 'u2')).toBe(true);
    expect(canReadWallet(staff, 'u2')).toBe(false);
  });

  it('shows the trial balance to admins and foundation staff', () => {
    expect(canReadTrialBalance(admin)).toBe(true);
    expect(canReadTrialBalance(staff)).toBe(true);
    expect(canReadTrialBalance(user({ roles: ['resident', 'foundation_staff'] }))).toBe(true);
    expect(canReadTrialBalance(user())).toBe(false);
  });
});
