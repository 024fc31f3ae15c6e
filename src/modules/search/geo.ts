// The offline map lives with the reference data (src/modules/taxonomy/geo.ts) so that every module may draw it
// (the atlas, the events calendar, the home page); this file keeps the atlas's imports unchanged.
export { clusterPoints, countryShapes, mapHeight, mapWidth, project, shade, viewBox, type Cluster, type CountryShape, type MapPoint } from '../taxonomy/geo.ts';
