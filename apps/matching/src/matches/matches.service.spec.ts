import type { UserContext } from '@goodloop/common';
import { sideOf } from './matches.service';

const community = '01930000-0000-7000-8000-00000000000a';
const shop = '01930000-0000-7000-8000-00000000000b';
const volunteer = '01930000-0000-7000-8000-00000000000c';

function user(id: string, memberships: UserContext['memberships'] = [], roles: UserContext['roles'] = ['resident']): UserContext {
  return { id, displayName: id, roles, residentVerified: true, memberships };
}

describe('who answers for which side of a match', () => {
  const item = { kind: 'item' as const, needOrgId: community, offerId: '01930000-0000-7000-8000-0000000000ff', offerOrgId: shop };
  const skill = { kind: 'skill' as const, needOrgId: community, offerId: volunteer, offerOrgId: null };
  const organizer = user('o', [{ orgId: community, orgKind: 'community', role: 'organizer' }]);
  const business = user('b', [{ orgId: shop, orgKind: 'business', role: 'business' }]);
  const admin = user('a', [], ['admin']);

  it('the need side is its organisation’s organizers; the offer side the pledging business', () => {
    expect(sideOf(item, organizer)).toBe('need');
    expect(sideOf(item, business)).toBe('offer');
    expect(sideOf(item, user('x'))).toBeNull();
  });

  it('only the volunteer answers for their own skill — an admin answers for the need only', () => {
    expect(sideOf(skill, user(volunteer))).toBe('offer');
    expect(sideOf(skill, business)).toBeNull();
    expect(sideOf(skill, admin)).toBe('need');
    expect(sideOf(item, admin)).toBe('both');
  });
});
