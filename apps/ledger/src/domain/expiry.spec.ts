import { dueForExpiry, remainingOfLots, upcomingExpiries, type PointLot } from './expiry';

const lot = (day: string, amount: number, programmeId = 'p'): PointLot => ({
  expiresAt: new Date(`${day}T00:00:00Z`),
  amount,
  programmeId,
});

describe('expiring points', () => {
  it('spends the soonest-expiring points first', () => {
    const lots = [lot('2027-06-01', 20), lot('2027-03-01', 10)];
    expect(remainingOfLots(lots, 14).map((l) => l.remaining)).toEqual([0, 16]);
    expect(remainingOfLots(lots, 0).map((l) => l.remaining)).toEqual([10, 20]);
    expect(remainingOfLots(lots, 100).map((l) => l.remaining)).toEqual([0, 0]);
  });

  it('expires what is left of the lots that are due, per programme', () => {
    const lots = [lot('2027-03-01', 10, 'a'), lot('2027-03-02', 5, 'b'), lot('2027-06-01', 20, 'a')];
    expect(dueForExpiry(lots, 4, new Date('2027-03-01T00:00:00Z'))).toEqual(new Map([['a', 6]]));
    expect(dueForExpiry(lots, 4, new Date('2027-03-05T00:00:00Z'))).toEqual(
      new Map([
        ['a', 6],
        ['b', 5],
      ]),
    );
    expect(dueForExpiry(lots, 15, new Date('2027-03-05T00:00:00Z'))).toEqual(new Map());
  });

  it('after an expiry is written, running again finds nothing more (the expiry counts as consumed)', () => {
    const lots = [lot('2027-03-01', 10), lot('2027-06-01', 20)];
    const now = new Date('2027-04-01T00:00:00Z');
    const first = dueForExpiry(lots, 3, now).get('p') ?? 0;
    expect(first).toBe(7);
    expect(dueForExpiry(lots, 3 + first, now)).toEqual(new Map());
  });

  it('lists what expires next, soonest first', () => {
    const lots = [lot('2027-06-01', 20), lot('2027-03-01', 10), lot('2027-03-01', 5)];
    expect(upcomingExpiries(lots, 12, new Date('2027-01-01T00:00:00Z'))).toEqual([
      { expiresAt: '2027-03-01T00:00:00.000Z', amount: 3 },
      { expiresAt: '2027-06-01T00:00:00.000Z', amount: 20 },
    ]);
    expect(upcomingExpiries(lots, 0, new Date('2027-03-01T00:00:00Z'))).toEqual([
      { expiresAt: '2027-06-01T00:00:00.000Z', amount: 20 },
    ]);
  });
});
