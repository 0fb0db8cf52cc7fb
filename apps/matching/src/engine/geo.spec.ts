import { addToGrid, cellsNear, EARTH_RADIUS_KM, emptyGrid, haversineKm, type LatLng } from './geo';

const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

describe('haversineKm', () => {
  it('measures along a meridian as radius × angle, and is symmetric', () => {
    const a = { lat: 31.23, lng: 121.47 };
    const b = { lat: 31.23 + 1 / KM_PER_DEGREE, lng: 121.47 };
    expect(haversineKm(a, b)).toBeCloseTo(1, 9);
    expect(haversineKm(b, a)).toBe(haversineKm(a, b));
    expect(haversineKm(a, a)).toBe(0);
  });

  it('measures a degree of longitude as cos(latitude) × a degree of latitude, over short distances', () => {
    expect(haversineKm({ lat: 0, lng: 100 }, { lat: 0, lng: 101 })).toBeCloseTo(KM_PER_DEGREE, 9);
    expect(haversineKm({ lat: 60, lng: 100 }, { lat: 60, lng: 100.01 })).toBeCloseTo(KM_PER_DEGREE * 0.01 * 0.5, 6);
  });

  it('puts Shanghai about 1 067 km from Beijing', () => {
    expect(haversineKm({ lat: 31.2304, lng: 121.4737 }, { lat: 39.9042, lng: 116.4074 })).toBeCloseTo(1067.3, 0);
  });
});

describe('the grid', () => {
  /** A small deterministic generator: the same points on every run. */
  function randomPoints(seed: number, count: number, around: LatLng, spreadDeg: number): LatLng[] {
    let s = seed;
    const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    return Array.from({ length: count }, () => ({
      lat: Math.max(-90, Math.min(90, around.lat + (next() - 0.5) * 2 * spreadDeg)),
      lng: ((around.lng + (next() - 0.5) * 2 * spreadDeg + 540) % 360) - 180,
    }));
  }

  it.each([
    ['Shanghai, 3 km', { lat: 31.23, lng: 121.47 }, 0.2, 3],
    ['Harbin, 10 km', { lat: 45.8, lng: 126.5 }, 0.5, 10],
    ['the equator, 1 km', { lat: 0, lng: 0 }, 0.05, 1],
    ['near the North Pole', { lat: 89.5, lng: 0 }, 2, 50],
    ['across the ±180° line', { lat: -17.7, lng: 179.9 }, 0.5, 20],
  ])('finds every point a full scan finds (%s)', (_, around, spread, radiusKm) => {
    const points = randomPoints(7, 2000, around, spread);
    const places = randomPoints(11, 100, around, spread);
    const grid = emptyGrid(radiusKm, around.lat);
    points.forEach((p, i) => addToGrid(grid, i, p));
    let near = 0;
    for (const place of places) {
      const expected = points.flatMap((p, i) => (haversineKm(place, p) <= radiusKm ? [i] : []));
      const seen = cellsNear(grid, place).flat();
      expect(new Set(seen).size).toBe(seen.length);
      const found = seen.filter((i) => haversineKm(place, points[i]!) <= radiusKm).sort((a, b) => a - b);
      expect(found).toEqual(expected);
      near += found.length;
    }
    expect(near).toBeGreaterThan(0);
  });

  it('looks only at nearby cells', () => {
    const points = randomPoints(3, 10_000, { lat: 31.23, lng: 121.47 }, 1);
    const grid = emptyGrid(2, 31.23);
    points.forEach((p, i) => addToGrid(grid, i, p));
    const looked = cellsNear(grid, { lat: 31.23, lng: 121.47 }).flat().length;
    // The area within 2 km is ~12.6 km²; the cells looked at cover at most 4 × 4 cells of 4 km².
    expect(looked).toBeLessThan(points.length / 50);
  });

  it('keeps a point exactly at the radius', () => {
    const place = { lat: 31.23, lng: 121.47 };
    const point = { lat: 31.25, lng: 121.52 };
    const radiusKm = haversineKm(place, point);
    const grid = emptyGrid(radiusKm, 31.23);
    addToGrid(grid, 0, point);
    expect(cellsNear(grid, place).flat()).toEqual([0]);
  });
});
