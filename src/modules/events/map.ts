// The events map: located events drawn on the server over the offline country shapes (as on the projects atlas),
// framed on the events shown; each point is a link to its event, with its title and place as the point's title.
// Events online only have no point: the list under the map holds every event of the period.
import { Html } from '@kitajs/html';
import { countryShapes, mapHeight, mapWidth, project } from '../taxonomy/geo.ts';

export interface EventPoint {
  href: string;
  label: string;
  lat: number;
  lng: number;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The view box framing the points (at least ~16° wide, kept inside the map), or the whole world without points. */
export function frame(points: readonly EventPoint[]): [number, number, number, number] {
  if (points.length === 0) return [0, 0, mapWidth, mapHeight];
  const xy = points.map((p) => project(p.lng, p.lat));
  const xs = xy.map(([x]) => x);
  const ys = xy.map(([, y]) => y);
  const ratio = mapHeight / mapWidth;
  const w = Math.max(45, (Math.max(...xs) - Math.min(...xs)) * 1.4, (Math.max(...ys) - Math.min(...ys)) * 1.4 / ratio);
  const h = w * ratio;
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const x = Math.max(0, Math.min(mapWidth - w, cx - w / 2));
  const y = Math.max(0, Math.min(mapHeight - h, cy - h / 2));
  return [r1(x), r1(y), r1(w), r1(h)];
}

/** The SVG, every text escaped (the result is safe to insert as is). */
export function eventMapSvg(points: readonly EventPoint[], title: string): string {
  const [vx, vy, vw, vh] = frame(points);
  const r = Math.max(0.25, vw / 120);
  return (
    `<svg viewBox="${vx} ${vy} ${vw} ${vh}" width="${mapWidth}" height="${mapHeight}" role="group" aria-labelledby="events-map-title" class="atlas-map events-map" preserveAspectRatio="xMidYMid meet">` +
    `<title id="events-map-title">${Html.escapeHtml(title)}</title>` +
    countryShapes()
      .map((s) => `<path d="${s.path}" class="shade-0"></path>`)
      .join('') +
    points
      .map((p) => {
        const [x, y] = project(p.lng, p.lat);
        return `<a href="${Html.escapeHtml(p.href)}"><circle cx="${r1(x)}" cy="${r1(y)}" r="${r.toFixed(2)}" class="point"><title>${Html.escapeHtml(p.label)}</title></circle></a>`;
      })
      .join('') +
    `</svg>`
  );
}
