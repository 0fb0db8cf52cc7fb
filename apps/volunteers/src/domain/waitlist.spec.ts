import { planCancellation, placeSignup, type Occupancy, type Placement } from './waitlist';

describe('placeSignup', () => {
  it('confirms while places are free, then queues at the end of the line', () => {
    expect(placeSignup({ capacity: 2, confirmedCount: 1, waitlistCount: 0 })).toEqual({
      placement: { status: 'confirmed' },
      next: { capacity: 2, confirmedCount: 2, waitlistCount: 0 },
    });
    expect(placeSignup({ capacity: 2, confirmedCount: 2, waitlistCount: 0 })).toEqual({
      placement: { status: 'waitlisted', position: 1 },
      next: { capacity: 2, confirmedCount: 2, waitlistCount: 1 },
    });
    expect(placeSignup({ capacity: 2, confirmedCount: 2, waitlistCount: 7 }).placement).toEqual({
      status: 'waitlisted',
      position: 8,
    });
  });

  it('gives 30 sign-ups for 10 places 10 confirmations and positions 1..20', () => {
    let occupancy: Occupancy = { capacity: 10, confirmedCount: 0, waitlistCount: 0 };
    const placements: Placement[] = [];
    for (let i = 0; i < 30; i++) {
      const { placement, next } = placeSignup(occupancy);
      placements.push(placement);
      occupancy = next;
    }
    expect(placements.filter((p) => p.status === 'confirmed')).toHaveLength(10);
    expect(placements.flatMap((p) => (p.status === 'waitlisted' ? [p.position] : []))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(occupancy).toEqual({ capacity: 10, confirmedCount: 10, waitlistCount: 20 });
  });
});

describe('planCancellation', () => {
  it('promotes the head of the line when a confirmed person cancels', () => {
    expect(planCancellation({ capacity: 10, confirmedCount: 10, waitlistCount: 20 }, { status: 'confirmed' })).toEqual({
      vacatedPosition: null,
      promoted: 1,
      next: { capacity: 10, confirmedCount: 10, waitlistCount: 19 },
    });
  });

  it('frees the place when nobody waits', () => {
    expect(planCancellation({ capacity: 10, confirmedCount: 4, waitlistCount: 0 }, { status: 'confirmed' })).toEqual({
      vacatedPosition: null,
      promoted: 0,
      next: { capacity: 10, confirmedCount: 3, waitlistCount: 0 },
    });
  });

  it('closes the gap when a waiting person leaves the line', () => {
    expect(
      planCancellation({ capacity: 10, confirmedCount: 10, waitlistCount: 20 }, { status: 'waitlisted', position: 5 }),
    ).toEqual({
      vacatedPosition: 5,
      promoted: 0,
      next: { capacity: 10, confirmedCount: 10, waitlistCount: 19 },
    });
  });

  it('refuses positions outside the line and counts below zero', () => {
    expect(() =>
      planCancellation({ capacity: 1, confirmedCount: 1, waitlistCount: 2 }, { status: 'waitlisted', position: 3 }),
    ).toThrow(RangeError);
    expect(() =>
      planCancellation({ capacity: 1, confirmedCount: 1, waitlistCount: 2 }, { status: 'waitlisted', position: 0 }),
    ).toThrow(RangeError);
    expect(() => planCancellation({ capacity: 1, confirmedCount: 0, waitlistCount: 0 }, { status: 'confirmed' })).toThrow(
      RangeError,
    );
  });

  /**
   * Applies plans to an in-memory list the way the service applies them to rows, over a long
   * random sequence of sign-ups and cancellations, and checks the invariants after each step:
   * confirmed ≤ capacity, nobody waits while a place is free, positions are exactly 1..n in
   * arrival order, and the counts match the rows.
   */
  it('keeps the line dense and first-come-first-served under random sign-ups and cancellations', () => {
    type Row = { id: number; status: 'confirmed' | 'waitlisted'; position: number | null };
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const capacity = 5;
    let occupancy: Occupancy = { capacity, confirmedCount: 0, waitlistCount: 0 };
    let rows: Row[] = [];
    let id = 0;
    for (let step = 0; step < 2_000; step++) {
      if (rows.length === 0 || next() % 3 !== 0) {
        const { placement, next: after } = placeSignup(occupancy);
        rows.push({
          id: id++,
          status: placement.status,
          position: placement.status === 'waitlisted' ? placement.position : null,
        });
        occupancy = after;
      } else {
        const victim = rows[next() % rows.length]!;
        const plan = planCancellation(
          occupancy,
          victim.status === 'confirmed' ? { status: 'confirmed' } : { status: 'waitlisted', position: victim.position! },
        );
        rows = rows.filter((r) => r !== victim);
        if (plan.vacatedPosition !== null) {
          for (const r of rows) if (r.status === 'waitlisted' && r.position! > plan.vacatedPosition) r.position! -= 1;
        }
        for (const r of rows) {
          if (r.status !== 'waitlisted') continue;
          if (r.position! <= plan.promoted) {
            r.status = 'confirmed';
            r.position = null;
          } else {
            r.position! -= plan.promoted;
          }
        }
        occupancy = plan.next;
      }
      const confirmed = rows.filter((r) => r.status === 'confirmed');
      const waiting = rows.filter((r) => r.status === 'waitlisted').sort((a, b) => a.position! - b.position!);
      expect(confirmed.length).toBe(occupancy.confirmedCount);
      expect(waiting.length).toBe(occupancy.waitlistCount);
      expect(confirmed.length).toBeLessThanOrEqual(capacity);
      if (waiting.length > 0) expect(confirmed.length).toBe(capacity);
      expect(waiting.map((r) => r.position)).toEqual(waiting.map((_, i) => i + 1));
      // Arrival order is kept: a lower position always belongs to an earlier sign-up.
      expect(waiting.map((r) => r.id)).toEqual([...waiting.map((r) => r.id)].sort((a, b) => a - b));
    }
  });
});
