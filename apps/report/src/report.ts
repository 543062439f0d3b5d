/**
 * The report: one self-contained HTML page (inline styles, charts as inline SVG, no script, no
 * request) that answers the three questions on its first screen, then shows them as pictures:
 * launches per month, every core's flights on a timeline, and the turnaround distribution.
 */

import { coreName } from '@spacex/analytics';
import { COLORS, renderChart } from './charts.js';
import { type CoreFlight, checkSummary, type ReportData } from './data.js';
import { type Html, html, page, raw, table } from './html.js';

const day = (date: Date) => date.toISOString().slice(0, 10);
const minute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Launches per month over the whole history: busy months highlighted, upcoming set apart. */
export function monthlyChart(data: ReportData): string {
  const busy = new Set(data.busyMonths.months.map((m) => m.month));
  const months = data.months.map((m) => m.month);
  // One stacked bar per month; a missing value ('-') draws nothing.
  const series = (
    name: string,
    color: string,
    value: (m: ReportData['months'][number]) => number,
  ) => ({
    name,
    type: 'bar',
    stack: 'launches',
    itemStyle: { color },
    barCategoryGap: '15%',
    data: data.months.map((m) => (value(m) > 0 ? value(m) : '-')),
  });
  return renderChart({
    label: `Launches per month (UTC), ${months[0] ?? ''} to ${months.at(-1) ?? ''}: ${busy.size} months with at least ${data.minLaunches} launches highlighted, upcoming launches in grey.`,
    width: 1000,
    height: 340,
    option: {
      grid: { left: 50, right: 20, top: 30, bottom: 60 },
      xAxis: {
        type: 'category',
        data: months,
        name: 'Month (UTC)',
        nameLocation: 'middle',
        nameGap: 40,
        axisLabel: { interval: 11, formatter: (m: string) => m.slice(0, 4) },
      },
      yAxis: {
        type: 'value',
        name: 'Launches',
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: [
        series('past launches', COLORS.base, (m) => (busy.has(m.month) ? 0 : m.past)),
        series(`months with ≥ ${data.minLaunches}`, COLORS.highlight, (m) =>
          busy.has(m.month) ? m.past : 0,
        ),
        series('upcoming', COLORS.upcoming, (m) => m.upcoming),
      ],
    },
  });
}

/** The cores, each with its flights, in order of first flight. */
function coresByFirstFlight(flights: readonly CoreFlight[]) {
  const cores = new Map<string, CoreFlight[]>();
  for (const flight of flights) {
    const list = cores.get(flight.coreId) ?? [];
    list.push(flight);
    cores.set(flight.coreId, list);
  }
  return [...cores.values()].sort(
    (a, b) => (a[0]?.launchedAt.getTime() ?? 0) - (b[0]?.launchedAt.getTime() ?? 0),
  );
}

/** One row per core, a mark per flight; quick reuses highlighted, the most-used core emphasised. */
export function timelineChart(data: ReportData): string {
  const cores = coresByFirstFlight(data.flights);
  const top = new Set(data.maxCoreUses.cores.map((c) => c.coreId));
  const rowOf = (flights: CoreFlight[]) => {
    const first = flights[0];
    if (!first) return '';
    const name = first.coreSerial ?? `…${first.coreId.slice(-6)} (no serial)`;
    return top.has(first.coreId) ? `★ ${name}` : name;
  };
  const rows = cores.map(rowOf);
  const quick = (f: CoreFlight) => f.daysSincePrevious !== null && f.daysSincePrevious < data.days;
  const points = (keep: (f: CoreFlight) => boolean) =>
    cores.flatMap((flights, row) =>
      flights.filter(keep).map((f) => [f.launchedAt.getTime(), row, f.launchName]),
    );
  return renderChart({
    label: `Every flight of each of ${cores.length} cores on a timeline, one row per core: ${data.coresReusedWithin.flights.length} flights less than ${data.days} days after the same core's previous flight highlighted; the most-used core starred.`,
    width: 1000,
    height: Math.max(220, 90 + rows.length * 13),
    option: {
      grid: { left: 150, right: 20, top: 30, bottom: 50 },
      xAxis: {
        type: 'time',
        name: 'Launch date',
        nameLocation: 'middle',
        nameGap: 30,
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      yAxis: {
        type: 'category',
        data: rows,
        inverse: true,
        name: 'Core',
        axisLabel: { fontSize: 10, interval: 0 },
        splitLine: { show: false },
      },
      series: [
        {
          name: 'flight',
          type: 'scatter',
          symbolSize: 7,
          itemStyle: { color: COLORS.base },
          data: points((f) => !quick(f) && !top.has(f.coreId)),
        },
        {
          name: `less than ${data.days} days after the previous`,
          type: 'scatter',
          symbolSize: 8,
          itemStyle: { color: COLORS.highlight },
          data: points(quick),
        },
        {
          name: 'most-used core',
          type: 'scatter',
          symbolSize: 8,
          itemStyle: { color: COLORS.emphasis },
          data: points((f) => !quick(f) && top.has(f.coreId)),
        },
      ],
    },
  });
}

/** Width of a turnaround bin, in days. */
export const TURNAROUND_BIN_DAYS = 10;

/** The turnaround bins: [start day, flights], every bin from 0 to the longest gap. */
export function turnaroundBins(flights: readonly CoreFlight[]): [number, number][] {
  const gaps = flights.flatMap((f) => (f.daysSincePrevious === null ? [] : [f.daysSincePrevious]));
  if (gaps.length === 0) return [];
  const count = Math.floor(Math.max(...gaps) / TURNAROUND_BIN_DAYS) + 1;
  const bins: [number, number][] = Array.from({ length: count }, (_, i) => [
    i * TURNAROUND_BIN_DAYS,
    0,
  ]);
  for (const gap of gaps) {
    const bin = bins[Math.floor(gap / TURNAROUND_BIN_DAYS)];
    if (bin) bin[1]++;
  }
  return bins;
}

/** How many days between a core's flights: bins starting before `days` highlighted, a line at `days`. */
export function turnaroundChart(data: ReportData): string {
  const bins = turnaroundBins(data.flights);
  const centre = (start: number) => start + TURNAROUND_BIN_DAYS / 2;
  const barWidth = Math.max(1, Math.floor(880 / Math.max(1, bins.length)) - 2);
  const bars = (keep: (start: number) => boolean) =>
    bins.map(([start, n]) => [centre(start), keep(start) && n > 0 ? n : '-']);
  return renderChart({
    label: `Distribution of the days between a core's consecutive flights, in bins of ${TURNAROUND_BIN_DAYS} days, with a line at ${data.days} days.`,
    width: 1000,
    height: 320,
    option: {
      grid: { left: 50, right: 30, top: 30, bottom: 50 },
      xAxis: {
        type: 'value',
        name: 'Days since the same core’s previous flight',
        nameLocation: 'middle',
        nameGap: 30,
        min: 0,
        max: bins.length * TURNAROUND_BIN_DAYS,
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        name: 'Flights',
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: [
        {
          name: `before ${data.days} days`,
          type: 'bar',
          stack: 'gaps',
          barWidth,
          itemStyle: { color: COLORS.highlight },
          data: bars((start) => start < data.days),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: COLORS.text, type: 'dashed', width: 1.5 },
            label: { formatter: `${data.days} days`, position: 'end' },
            data: [{ xAxis: data.days }],
          },
        },
        {
          name: 'later',
          type: 'bar',
          stack: 'gaps',
          barWidth,
          itemStyle: { color: COLORS.base },
          data: bars((start) => start >= data.days),
        },
      ],
    },
  });
}

/** A colour key for a caption (the charts carry no legend: the caption is the legend). */
const swatch = (color: string) => html`<span class="swatch" style="background:${color}"></span>`;

function figure(id: string, title: string, svg: string, caption: Html): Html {
  return html`<figure id="${id}" data-chart="${id}">
<h3>${title}</h3>
${raw(svg)}
<figcaption>${caption}</figcaption>
</figure>`;
}

/** The whole report page. */
export function renderReport(data: ReportData, generatedAt: Date): string {
  const { maxCoreUses: top, coresReusedWithin: reused, busyMonths: busy } = data;
  const quickest = reused.flights[0];
  const busiest = [...busy.months].sort(
    (a, b) => b.launches - a.launches || a.month.localeCompare(b.month),
  )[0];
  const run = data.lastRun;
  const latest = data.latestRun;
  const body = html`<header>
<h1>SpaceX launches: the three answers</h1>
${
  latest && !latest.isSuccess
    ? html`<p class="alert" role="alert">The latest ingest run, ${latest.runId} at ${minute(latest.finishedAt)}, failed: ${latest.errorMessage ?? 'no error recorded'}. What follows is the data of the last successful run.</p>`
    : ''
}<p class="meta">${
    run
      ? `Data loaded ${minute(run.finishedAt)} by run ${run.runId} (${run.sourceKind}, ${run.launchesRead} launches read).`
      : 'No successful ingest run is recorded.'
  } Data checks: ${checkSummary(data.checks)}. Report made ${minute(generatedAt)}.</p>
</header>
<section class="cards" aria-label="The three answers">
<div class="card" id="answer-1"><p class="question">1. Most times a core has been used</p>
<p class="answer">${top.uses} flights</p>
<p class="detail">${top.cores.length === 0 ? 'No core has flown yet.' : `${top.cores.map(coreName).join(', ')} (${top.reuses} reuses)`}</p></div>
<div class="card" id="answer-2"><p class="question">2. Cores reused less than ${data.days} days after their previous launch</p>
<p class="answer">${reused.cores.length} cores</p>
<p class="detail">${
    quickest
      ? `${reused.flights.length} flights; quickest ${coreName(quickest)}, ${quickest.daysSincePrevious.toFixed(1)} days (${quickest.launchName})`
      : 'None.'
  }</p></div>
<div class="card" id="answer-3"><p class="question">3. Months with at least ${data.minLaunches} launches</p>
<p class="answer">${busy.months.length} months</p>
<p class="detail">${busiest ? `busiest ${busiest.month}, ${busiest.launches} launches` : 'None.'}</p></div>
</section>
${figure(
  'monthly',
  'Launches per month',
  monthlyChart(data),
  html`${swatch(COLORS.highlight)} the ${busy.months.length} months with at least ${data.minLaunches} launches (question 3); ${swatch(COLORS.base)} other months; ${swatch(COLORS.upcoming)} launches not yet flown.`,
)}
${figure(
  'timeline',
  'When each core flew',
  timelineChart(data),
  html`One row per core, a mark per flight: ${swatch(COLORS.highlight)} less than ${data.days} days after the same core's previous flight (question 2); ${swatch(COLORS.emphasis)} the most-used core, starred (question 1); ${swatch(COLORS.base)} other flights.`,
)}
${figure(
  'turnaround',
  'Days between a core’s flights',
  turnaroundChart(data),
  html`Every reuse, by the days since the same core's previous flight, in bins of ${TURNAROUND_BIN_DAYS} days: ${swatch(COLORS.highlight)} bins starting before ${data.days} days; ${swatch(COLORS.base)} later. The dashed line is at ${data.days} days.`,
)}
<h2>The answers in full</h2>
${table(
  `1. The most-used core${top.cores.length === 1 ? '' : 's'}: ${top.uses} flights`,
  ['core', 'flights', 'first launch', 'last launch', 'status'],
  top.cores.map((c) => [
    coreName(c),
    String(c.uses),
    day(c.firstLaunchedAt),
    day(c.lastLaunchedAt),
    c.status ?? '–',
  ]),
)}
${table(
  `2. Flights less than ${data.days} days after the same core's previous flight (${reused.flights.length})`,
  ['core', 'days', 'launch', 'launched', 'rocket', 'site', 'previous launch'],
  reused.flights.map((f) => [
    coreName(f),
    f.daysSincePrevious.toFixed(2),
    f.launchName,
    day(f.launchedAt),
    f.rocketName ?? '–',
    f.launchpadName ?? '–',
    `${f.previousLaunchName} (${day(f.previousLaunchedAt)})`,
  ]),
)}
${table(
  `3. Months with at least ${data.minLaunches} launches (${busy.months.length})`,
  ['month', 'launches', 'names'],
  busy.months.map((m) => [m.month, String(m.launches), m.launchNames.join(', ')]),
)}
<h2>Data checks</h2>
<p>Source freshness: <span class="status-${data.freshness.status}">${data.freshness.status}</span>${
    data.freshness.ageHours === null
      ? ' (no successful run)'
      : ` (last successful run ${data.freshness.ageHours.toFixed(1)} h ago; warn after ${data.freshness.warnAfterHours} h, fail after ${data.freshness.errorAfterHours} h)`
  }.</p>
${
  data.checks === null
    ? html`<p>Data checks: ${checkSummary(null)}.</p>`
    : table(
        `Data checks: ${checkSummary(data.checks)}`,
        ['check', 'severity', 'status', 'failing', 'first failing keys'],
        data.checks.map((c) => [
          c.name,
          c.severity,
          html`<span class="status-${c.status}">${c.status}</span>`,
          String(c.failing),
          c.sample.join(', '),
        ]),
      )
}`;
  return page('SpaceX launches: the three answers', body);
}
