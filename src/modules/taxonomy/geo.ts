// The offline map (reference data, shared by the atlas, the events calendar and the home page): country shapes shipped with the app (world-atlas, Natural Earth 1:110m) turned into SVG
// paths on the server with our own equirectangular projection, and located projects clustered on a grid whose
// cell shrinks as the zoom grows. No tile server, no network, no script needed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { alpha2ToNumeric, countryCodes } from './countries.ts';

export const mapWidth = 1000;
/** Latitudes shown: Antarctica is left out. */
const north = 84;
const south = -58;
export const mapHeight = Math.round((mapWidth * (north - south)) / 360);

export function project(lng: number, lat: number): [number, number] {
  return [((lng + 180) / 360) * mapWidth, ((north - lat) / (north - south)) * mapHeight];
}

export interface CountryShape {
  /** ISO alpha-2. */
  code: string;
  /** SVG path data in relative commands, rounded to the precision asked for (`countryShapes(decimals)`). */
  path: string;
  /** Centre of the bounding box of the largest ring (label and link anchor). */
  centre: [number, number];
  /** Bounding box of every ring: minX, minY, maxX, maxY (map units). */
  box: [number, number, number, number];
}

const shapesByPrecision = new Map<number, CountryShape[]>();

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * One ring as `M x,y l dx dy …z` with coordinates rounded to `decimals` (the deltas are taken between rounded
 * points, so nothing drifts) and repeated points dropped: at the world view whole map units are below a pixel.
 */
function ringPath(ring: number[][], decimals: number): { d: string; points: number; area: number; box: [number, number, number, number] } {
  const f = 10 ** decimals;
  const num = (n: number) => {
    const t = (n / f).toFixed(decimals).replace(/^(-?)0\./, '$1.');
    return decimals > 0 ? t.replace(/\.?0+$/, '') || '0' : t;
  };
  const tokens: string[] = [];
  let area = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const pts = ring.map(([lng, lat]) => project(lng!, Math.max(south, Math.min(north, lat!))));
  let px = 0, py = 0, points = 0;
  pts.forEach(([x, y], i) => {
    const X = Math.round(x * f), Y = Math.round(y * f);
    if (i === 0) {
      points = 1;
      px = X;
      py = Y;
    } else if (X !== px || Y !== py) {
      tokens.push(num(X - px), num(Y - py));
      points++;
      px = X;
      py = Y;
    }
    const [nx, ny] = pts[(i + 1) % pts.length]!;
    area += x * ny - nx * y;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  });
  const [x0, y0] = pts[0] ?? [0, 0];
  let d = `M${num(Math.round(x0 * f))},${num(Math.round(y0 * f))}`;
  if (tokens.length) d += 'l' + tokens.map((t, i) => (i === 0 || t.startsWith('-') ? t : ` ${t}`)).join('');
  return { d: d + 'z', points, area: Math.abs(area / 2), box: [minX, minY, maxX, maxY] };
}

/** Every country of the atlas as an SVG path at a precision (computed once per precision, then cached). */
export function countryShapes(decimals = 1): CountryShape[] {
  const cached = shapesByPrecision.get(decimals);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as Topology<{ countries: GeometryCollection }>;
  const numericToAlpha2 = new Map(countryCodes.map((c) => [alpha2ToNumeric(c), c]));
  const collection = feature(topology, topology.objects.countries) as unknown as { features: { id?: string; geometry: { type: string; coordinates: unknown } | null }[] };
  const shapes: CountryShape[] = [];
  for (const f of collection.features) {
    const code = f.id ? numericToAlpha2.get(String(f.id).padStart(3, '0')) : undefined;
    if (!code || !f.geometry) continue;
    const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
    const rings = polygons.flatMap((polygon) => polygon.map((ring) => ringPath(ring, decimals)));
    const best = rings.reduce((a, b) => (b.area > a.area ? b : a), rings[0]!);
    // Rings that round to fewer than three points (islets at the world view) are left out; the largest stays.
    const d = rings.filter((r) => r === best || r.points >= 3).map((r) => r.d).join('');
    const box: [number, number, number, number] = [Math.min(...rings.map((r) => r.box[0])), Math.min(...rings.map((r) => r.box[1])), Math.max(...rings.map((r) => r.box[2])), Math.max(...rings.map((r) => r.box[3]))];
    shapes.push({ code, path: d, centre: [r1((best.box[0] + best.box[2]) / 2), r1((best.box[1] + best.box[3]) / 2)], box });
  }
  shapesByPrecision.set(decimals, shapes);
  return shapes;
}

export interface MapPoint {
  lat: number;
  lng: number;
  projectSlug: string;
  label: string;
  /** Name of the place. */
  place: string;
}

export interface Cluster {
  x: number;
  y: number;
  points: MapPoint[];
}

/** Groups points whose projections fall in the same grid cell; the cell is 40 px of the view at this zoom. */
export function clusterPoints(points: readonly MapPoint[], zoom: number): Cluster[] {
  const cell = 40 / zoom;
  const cells = new Map<string, { sx: number; sy: number; points: MapPoint[] }>();
  for (const p of points) {
    const [x, y] = project(p.lng, p.lat);
    const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
    const c = cells.get(key) ?? { sx: 0, sy: 0, points: [] };
    c.sx += x;
    c.sy += y;
    c.points.push(p);
    cells.set(key, c);
  }
  return [...cells.values()].map((c) => ({ x: r1(c.sx / c.points.length), y: r1(c.sy / c.points.length), points: c.points }));
}

/** The view box at a zoom level around a centre (map units), kept inside the map. */
export function viewBox(zoom: number, cx: number, cy: number): [number, number, number, number] {
  const w = mapWidth / zoom;
  const h = mapHeight / zoom;
  const x = Math.max(0, Math.min(mapWidth - w, cx - w / 2));
  const y = Math.max(0, Math.min(mapHeight - h, cy - h / 2));
  return [r1(x), r1(y), r1(w), r1(h)];
}

/** Shade of a country by its number of projects (0 = no fill class). */
export function shade(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(5, 1 + Math.floor((4 * Math.log(count)) / Math.log(Math.max(2, max))));
}
