/*
 * The needs map without map tiles: coordinates drawn to scale in a box. Over a neighbourhood or a
 * city a flat projection is exact enough — east–west kilometres shrink with the cosine of the
 * latitude, north–south ones do not — so distances on the drawing are true to the scale bar.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface MapBox {
  width: number;
  height: number;
  /** Kept free on every side, for the dots and their labels. */
  padding: number;
}

export interface Projection {
  /** Box units per kilometre. */
  unitsPerKm: number;
  project(point: LatLng): { x: number; y: number };
  /** A round length for the scale bar, no longer than a quarter of the box. */
  scaleBar: { km: number; length: number };
}

const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LNG_AT_EQUATOR = 111.32;
/** The smallest span drawn: one need alone is not blown up to fill the box. */
const MIN_SPAN_KM = 1;
const SCALE_STEPS_KM = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/**
 * Fits `points` into `box`, the same scale both ways, centred. Worked example: two needs 2 km apart east–west at 30.66° N in a
 * 360 × 240 box with 24 of padding are 2 km wide and 0 km tall; 312 / 2 = 156 units per km across,
 * 192 / 1 (the minimum span) down: 156 units per km, the pair at x = 24 and x = 336, y = 120.
 */
export function fitProjection(points: readonly LatLng[], box: MapBox): Projection {
  const lat0 = points.length > 0 ? points.reduce((sum, p) => sum + p.lat, 0) / points.length : 0;
  const lng0 = points.length > 0 ? points.reduce((sum, p) => sum + p.lng, 0) / points.length : 0;
  const kmPerDegreeLng = KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((lat0 * Math.PI) / 180);
  // Kilometres east and south of the centre.
  const toKm = (p: LatLng) => ({ x: (p.lng - lng0) * kmPerDegreeLng, y: (lat0 - p.lat) * KM_PER_DEGREE_LAT });

  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    const { x, y } = toKm(p);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) {
    minX = maxX = minY = maxY = 0;
  }
  const spanX = Math.max(maxX - minX, MIN_SPAN_KM);
  const spanY = Math.max(maxY - minY, MIN_SPAN_KM);
  const innerWidth = box.width - 2 * box.padding;
  const innerHeight = box.height - 2 * box.padding;
  const unitsPerKm = Math.min(innerWidth / spanX, innerHeight / spanY);
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;

  const quarter = box.width / 4;
  const km = [...SCALE_STEPS_KM].reverse().find((step) => step * unitsPerKm <= quarter) ?? SCALE_STEPS_KM[0]!;

  return {
    unitsPerKm,
    project: (p) => {
      const at = toKm(p);
      return { x: box.width / 2 + (at.x - midX) * unitsPerKm, y: box.height / 2 + (at.y - midY) * unitsPerKm };
    },
    scaleBar: { km, length: km * unitsPerKm },
  };
}

export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Roughly how wide a label is drawn: a Chinese character is about a font size wide, Latin about half. */
export function estimateTextWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.58;
  return width;
}

function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Where each dot's label goes: to its right, else to its left, or nowhere when both would cover
 * another label or dot or leave the box. Labels are placed in the order given (the most urgent
 * first, say), so the ones that matter most are the ones written out; the list under the map
 * names every dot by its number anyway.
 */
export function placeLabels(
  dots: readonly { x: number; y: number; label: string }[],
  box: { width: number; height: number },
  options: { radius: number; fontSize: number; gap: number },
  /** Other drawings a label must not cover (the person's own position). */
  obstacles: readonly LabelBox[] = [],
): ({ x: number; y: number; anchor: 'start' | 'end' } | null)[] {
  const taken: LabelBox[] = dots.map((d) => ({
    x: d.x - options.radius,
    y: d.y - options.radius,
    width: 2 * options.radius,
    height: 2 * options.radius,
  }));
  taken.push(...obstacles);
  return dots.map((dot, index) => {
    const width = estimateTextWidth(dot.label, options.fontSize);
    const height = options.fontSize * 1.2;
    const top = dot.y - height / 2;
    const right: LabelBox = { x: dot.x + options.radius + options.gap, y: top, width, height };
    const left: LabelBox = { x: dot.x - options.radius - options.gap - width, y: top, width, height };
    for (const [candidate, anchor] of [
      [right, 'start'],
      [left, 'end'],
    ] as const) {
      const inside =
        candidate.x >= 0 && candidate.x + candidate.width <= box.width && candidate.y >= 0 && candidate.y + height <= box.height;
      const free = taken.every((other, j) => j === index || !overlaps(candidate, other));
      if (inside && free) {
        taken.push(candidate);
        return { x: anchor === 'start' ? candidate.x : candidate.x + width, y: dot.y, anchor };
      }
    }
    return null;
  });
}

/** A label cut to `max` characters with an ellipsis: "独居老人冬季粮油…". */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
