/**
 * Distances on the Earth and a grid that finds what is near without comparing every pair.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

/** The Earth's mean radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine formula on a sphere of EARTH_RADIUS_KM). */
export function haversineKm(a: LatLng, b: LatLng): number {
  const sinLat = Math.sin(((b.lat - a.lat) * RAD) / 2);
  const sinLng = Math.sin(((b.lng - a.lng) * RAD) / 2);
  const h = sinLat * sinLat + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * sinLng * sinLng;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

export function assertLatLng(p: LatLng, field: string): void {
  if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90) throw new RangeError(`${field}.lat must be in −90…90, got ${p.lat}`);
  if (!Number.isFinite(p.lng) || p.lng < -180 || p.lng > 180) {
    throw new RangeError(`${field}.lng must be in −180…180, got ${p.lng}`);
  }
}

/**
 * Points bucketed by cells of latitude × longitude. A cell is `radiusKm` tall and, at the
 * reference latitude, `radiusKm` wide, so the points within `radiusKm` of any place lie in the few
 * cells its bounding box touches (about 3 × 3). The box is exact for a sphere (Matuschek,
 * "Finding points within a distance of a latitude/longitude using bounding coordinates"), widened
 * by a hair so that a point exactly at the limit is never lost to rounding; the caller still
 * measures each point it gets back.
 */
export interface GeoGrid {
  radiusKm: number;
  cellLat: number;
  cellLng: number;
  columns: number;
  cells: Map<number, number[]>;
  /** Every point's index, in insertion order: what a box over a pole or the ±180° line scans. */
  all: number[];
}

/** The grid's shape for a search radius; `referenceLat` sets the cells' width in degrees. */
export function emptyGrid(radiusKm: number, referenceLat: number): GeoGrid {
  const cellLat = radiusKm / (EARTH_RADIUS_KM * RAD);
  const cellLng = Math.min(360, cellLat / Math.max(Math.cos(Math.min(Math.abs(referenceLat), 89) * RAD), 1e-3));
  return { radiusKm, cellLat, cellLng, columns: Math.floor(360 / cellLng) + 2, cells: new Map(), all: [] };
}

function cellKey(grid: GeoGrid, row: number, column: number): number {
  return row * grid.columns + column;
}

function rowOf(grid: GeoGrid, lat: number): number {
  return Math.floor((lat + 90) / grid.cellLat);
}

function columnOf(grid: GeoGrid, lng: number): number {
  return Math.floor((lng + 180) / grid.cellLng);
}

export function addToGrid(grid: GeoGrid, index: number, p: LatLng): void {
  const key = cellKey(grid, rowOf(grid, p.lat), columnOf(grid, p.lng));
  const cell = grid.cells.get(key);
  if (cell) cell.push(index);
  else grid.cells.set(key, [index]);
  grid.all.push(index);
}

/** A hair over the radius (1 mm in 1 000 km) so that a point exactly at the limit stays inside the box. */
const BOX_MARGIN = 1 + 1e-9;

/**
 * The cells that may hold points within the grid's radius of `p`, as lists of point indices.
 * Each point appears in at most one list.
 */
export function cellsNear(grid: GeoGrid, p: LatLng): number[][] {
  const angle = (grid.radiusKm / EARTH_RADIUS_KM) * BOX_MARGIN;
  const latMin = p.lat - angle / RAD;
  const latMax = p.lat + angle / RAD;
  if (latMin <= -90 || latMax >= 90) return [grid.all];
  const halfWidth = Math.asin(Math.min(1, Math.sin(angle) / Math.cos(p.lat * RAD))) / RAD;
  const lngMin = p.lng - halfWidth;
  const lngMax = p.lng + halfWidth;
  if (lngMin < -180 || lngMax > 180) return [grid.all];
  const found: number[][] = [];
  const [row0, row1, column0, column1] = [
    rowOf(grid, latMin),
    rowOf(grid, latMax),
    columnOf(grid, lngMin),
    columnOf(grid, lngMax),
  ];
  for (let row = row0; row <= row1; row++) {
    for (let column = column0; column <= column1; column++) {
      const cell = grid.cells.get(cellKey(grid, row, column));
      if (cell) found.push(cell);
    }
  }
  return found;
}
