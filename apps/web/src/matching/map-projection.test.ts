import { describe, expect, it } from 'vitest';
import { estimateTextWidth, fitProjection, placeLabels, shorten } from './map-projection';

const box = { width: 360, height: 240, padding: 24 };

describe('the needs map projection', () => {
  it('draws two needs 2 km apart east–west across the box, to scale', () => {
    // 2 km east of each other at 30.66° N: 1° of longitude there is 111.32 × cos(30.66°) ≈ 95.75 km.
    const degrees = 2 / (111.32 * Math.cos((30.66 * Math.PI) / 180));
    const west = { lat: 30.66, lng: 104.06 };
    const east = { lat: 30.66, lng: 104.06 + degrees };
    const projection = fitProjection([west, east], box);
    expect(projection.unitsPerKm).toBeCloseTo(156, 0);
    expect(projection.project(west).x).toBeCloseTo(24, 0);
    expect(projection.project(east).x).toBeCloseTo(336, 0);
    expect(projection.project(west).y).toBeCloseTo(120, 5);
    // A quarter of the box is 90 units: 0.5 km (78 units) is the longest round length that fits.
    expect(projection.scaleBar.km).toBe(0.5);
    expect(projection.scaleBar.length).toBeCloseTo(78, 0);
  });

  it('puts north at the top and keeps one scale both ways', () => {
    const south = { lat: 30.65, lng: 104.06 };
    const north = { lat: 30.67, lng: 104.06 };
    const projection = fitProjection([south, north], box);
    expect(projection.project(north).y).toBeLessThan(projection.project(south).y);
    const tall = projection.project(south).y - projection.project(north).y;
    // 0.02° of latitude is 2.21 km.
    expect(tall / projection.unitsPerKm).toBeCloseTo(2.21, 2);
  });

  it('centres a single need and does not blow it up past the minimum span', () => {
    const only = { lat: 31.23, lng: 121.47 };
    const projection = fitProjection([only], box);
    expect(projection.project(only)).toEqual({ x: 180, y: 120 });
    expect(projection.unitsPerKm).toBe(192);
  });

  it('copes with no points at all', () => {
    const projection = fitProjection([], box);
    expect(Number.isFinite(projection.unitsPerKm)).toBe(true);
  });
});

describe('labels on the map', () => {
  const options = { radius: 9, fontSize: 12, gap: 4 };

  it('writes a label to the right, to the left near the right edge, and none where it would cover another', () => {
    const placed = placeLabels(
      [
        { x: 50, y: 50, label: '大米' },
        { x: 350, y: 100, label: '衣物' },
        { x: 20, y: 52, label: '食用油' },
      ],
      { width: 360, height: 240 },
      options,
    );
    expect(placed[0]).toEqual({ x: 63, y: 50, anchor: 'start' });
    expect(placed[1]).toEqual({ x: 337, y: 100, anchor: 'end' });
    expect(placed[2]).toBeNull();
  });

  it('measures Chinese wider than Latin and shortens long titles', () => {
    expect(estimateTextWidth('大米', 12)).toBe(24);
    expect(estimateTextWidth('ab', 10)).toBeCloseTo(11.6, 5);
    expect(shorten('独居老人冬季粮油发放', 6)).toBe('独居老人冬…');
    expect(shorten('大米', 6)).toBe('大米');
  });
});
