/** Pictures of the data: the report page and the catalog site, rendered from the database. */
export { COLORS, renderChart } from './charts.js';
export { type ReportData, readReportData } from './data.js';
export { renderReport } from './report.js';
export { ANSWERS, LAYER_COLORS, readSiteState, renderSite, type SiteState } from './site.js';
