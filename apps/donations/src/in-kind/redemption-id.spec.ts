import { redemptionIdFor, redemptionOf } from './redemptions.service';

describe('redemptionIdFor', () => {
  const user = '0190f0f0-0000-7000-8000-000000000001';

  it('names the same redemption for the same resident and key, and a valid version-8 UUID', () => {
    const id = redemptionIdFor(user, 'key-1');
    expect(redemptionIdFor(user, 'key-1')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs for another key or another resident', () => {
    const id = redemptionIdFor(user, 'key-1');
    expect(redemptionIdFor(user, 'key-2')).not.toBe(id);
    expect(redemptionIdFor('0190f0f0-0000-7000-8000-000000000002', 'key-1')).not.toBe(id);
  });
});

describe('redemptionOf', () => {
  const id = '0190f0f0-0000-7000-8000-000000000003';

  it('reads the redemption from its hold and the hold’s post and void', () => {
    expect(redemptionOf(`redeem:${id}`)).toBe(id);
    expect(redemptionOf(`redeem:${id}:post`)).toBe(id);
    expect(redemptionOf(`redeem:${id}:void`)).toBe(id);
  });

  it('ignores other transfers', () => {
    expect(redemptionOf(`donation:${id}`)).toBeUndefined();
    expect(redemptionOf(`redeem:${id}:other`)).toBeUndefined();
    expect(redemptionOf(undefined)).toBeUndefined();
  });
});
