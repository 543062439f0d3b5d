/**
 * The report: one self-contained HTML page (inline styles, charts as inline SVG, no script, no
 * request) that answers the three questions on its first screen, then shows them as pictures:
 * launches per month, every core's flights on a timeline, and the turnaround distribution.
 */

import { coreName } from '@spacex/analytics';
import { axis, COLORS, renderChart } from './charts.js';
import { type CoreFlight, checkSummary, type ReportData } from './data.js';
import { type Html, html, page, responsive, short, table } from './html.js';
import { CHART_FONT, DRAWING } from './screens.js';

const day = (date: Date) => date.toISOString().slice(0, 10);
const minute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The months drawn as bars: from the first launch to the last one flown. */
export function flownMonths(data: ReportData): ReportData['months'] {
  const last = data.months.findLastIndex((m) => m.past > 0);
  return data.months.slice(0, last + 1);
}

/** The months with launches not yet flown: listed beside the chart, not drawn in it. */
export const upcomingMonths = (data: ReportData) => data.months.filter((m) => m.upcoming > 0);

/**
 * Category labels one a year (January), every few years when the drawing is too narrow for
 * each: a label is four digits and a gap wide.
 */
function yearLabels(months: readonly string[], plotWidth: number) {
  const years = Math.max(1, Math.ceil(months.length / 12));
  const fit = Math.max(1, Math.floor(plotWidth / (CHART_FONT * 3.5)));
  const every = Math.ceil(years / fit);
  const shown = (_: number, month: string) =>
    month.endsWith('-01') && Number(month.slice(0, 4)) % every === 0;
  return { interval: shown, formatter: (month: string) => month.slice(0, 4) };
}

/** Flown launches per month over the whole history, busy months highlighted. */
export function monthlyChart(data: ReportData, width: number): string {
  const busy = new Set(data.busyMonths.months.map((m) => m.month));
  const flown = flownMonths(data);
  const months = flown.map((m) => m.month);
  const grid = { left: 45, right: 15, top: 35, bottom: 55 };
  const labels = yearLabels(months, width - grid.left - grid.right);
  // One stacked bar per month; a missing value ('-') draws nothing.
  const series = (name: string, color: string, value: (m: (typeof flown)[number]) => number) => ({
    name,
    type: 'bar',
    stack: 'launches',
    itemStyle: { color },
    barCategoryGap: '15%',
    data: flown.map((m) => (value(m) > 0 ? value(m) : '-')),
  });
  return renderChart({
    label: `Launches flown per month (UTC), ${months[0] ?? ''} to ${months.at(-1) ?? ''}: ${busy.size} months with at least ${data.minLaunches} launches highlighted.`,
    width,
    height: width < 600 ? 260 : 340,
    option: {
      grid,
      xAxis: axis({
        type: 'category',
        data: months,
        name: 'Month (UTC)',
        nameLocation: 'middle',
        nameGap: 35,
        axisLabel: labels,
        axisTick: { interval: labels.interval },
      }),
      yAxis: axis({
        type: 'value',
        name: 'Launches',
        nameTextStyle: { align: 'left' },
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
      }),
      series: [
        series('past launches', COLORS.base, (m) => (busy.has(m.month) ? 0 : m.past)),
        series(`months with ≥ ${data.minLaunches}`, COLORS.highlight, (m) =>
          busy.has(m.month) ? m.past : 0,
        ),
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

/** Rows of the timeline at most: past that, a row would be too thin to read. */
export const TIMELINE_MAX_ROWS = 60;

/**
 * The cores the timeline draws: those flown more than once, at most TIMELINE_MAX_ROWS of them,
 * in order of first flight; and how many are left out. When there are more, the most-used
 * cores come first, then those with the most quick reuses, then the most flown.
 */
export function timelineCores(data: Pick<ReportData, 'flights' | 'days' | 'maxCoreUses'>) {
  const cores = coresByFirstFlight(data.flights);
  const reused = cores.filter((c) => c.length > 1);
  const top = new Set(data.maxCoreUses.cores.map((c) => c.coreId));
  const quick = (c: CoreFlight[]) =>
    c.filter((f) => f.daysSincePrevious !== null && f.daysSincePrevious < data.days).length;
  const rank = (c: CoreFlight[]) => [top.has(c[0]?.coreId ?? '') ? 1 : 0, quick(c), c.length];
  // Highest rank first; a stable sort keeps equals in order of first flight.
  const byRank = (a: number[], b: number[]) => {
    const i = a.findIndex((n, k) => n !== b[k]);
    return i < 0 ? 0 : (b[i] ?? 0) - (a[i] ?? 0);
  };
  const kept = new Set(
    reused
      .map((c) => ({ c, key: rank(c) }))
      .sort((a, b) => byRank(a.key, b.key))
      .slice(0, TIMELINE_MAX_ROWS)
      .map(({ c }) => c),
  );
  return {
    shown: reused.filter((c) => kept.has(c)),
    flownOnce: cores.length - reused.length,
    reusedLeftOut: reused.length - kept.size,
  };
}

/** Midnight UTC on 1 January of `date`'s year, plus `years`. */
const yearStart = (date: Date, years = 0) => Date.UTC(date.getUTCFullYear() + years, 0, 1);

/** One row per reused core, a mark per flight; quick reuses highlighted, the most-used core emphasised. */
export function timelineChart(
  data: ReportData,
  cores: readonly CoreFlight[][],
  width: number,
): string {
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
  const times = cores.flat().map((f) => f.launchedAt.getTime());
  const [first, last] =
    times.length > 0 ? [new Date(Math.min(...times)), new Date(Math.max(...times))] : [];
  const quickCount = cores.flat().filter(quick).length;
  return renderChart({
    label: `Every flight of ${cores.length} cores flown more than once, on a timeline, one row per core: ${quickCount} flights less than ${data.days} days after the same core's previous flight highlighted; the most-used core starred.`,
    width,
    height: 80 + Math.max(4, rows.length) * (CHART_FONT + 5),
    option: {
      grid: { left: 20, right: 20, top: 35, bottom: 45, containLabel: true },
      xAxis: axis({
        type: 'time',
        name: 'Launch date (UTC)',
        nameLocation: 'middle',
        nameGap: 30,
        // The years of the first and last flight drawn, whole.
        min: first ? yearStart(first) : undefined,
        max: last ? yearStart(last, 1) : undefined,
        splitNumber: Math.max(2, Math.floor(width / 90)),
        axisLabel: { formatter: '{yyyy}', hideOverlap: true },
        splitLine: { lineStyle: { color: COLORS.grid } },
      }),
      yAxis: axis({
        type: 'category',
        data: rows,
        inverse: true,
        name: 'Core',
        nameLocation: 'start',
        nameGap: 12,
        nameTextStyle: { align: 'right', fontWeight: 'bold' },
        axisLabel: { interval: 0 },
        splitLine: { show: false },
      }),
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
export function turnaroundChart(data: ReportData, width: number): string {
  const bins = turnaroundBins(data.flights);
  const centre = (start: number) => start + TURNAROUND_BIN_DAYS / 2;
  const grid = { left: 45, right: 30, top: 35, bottom: 50 };
  const plot = width - grid.left - grid.right;
  const barWidth = Math.max(1, Math.floor(plot / Math.max(1, bins.length)) - 1);
  const bars = (keep: (start: number) => boolean) =>
    bins.map(([start, n]) => [centre(start), keep(start) && n > 0 ? n : '-']);
  return renderChart({
    label: `Distribution of the days between a core's consecutive flights, in bins of ${TURNAROUND_BIN_DAYS} days, with a line at ${data.days} days.`,
    width,
    height: width < 600 ? 260 : 320,
    option: {
      grid,
      xAxis: axis({
        type: 'value',
        name: 'Days since the core’s previous flight',
        nameLocation: 'middle',
        nameGap: 30,
        min: 0,
        max: bins.length * TURNAROUND_BIN_DAYS,
        axisLabel: { hideOverlap: true },
        splitLine: { show: false },
      }),
      yAxis: axis({
        type: 'value',
        name: 'Flights',
        nameTextStyle: { align: 'left' },
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
      }),
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
            label: { formatter: `${data.days} days`, position: 'end', fontSize: CHART_FONT },
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

/** A chart, drawn wide and narrow (screens.ts), under its title and over its caption. */
function figure(
  id: string,
  title: string,
  chart: (width: number) => string,
  caption: Html,
  after: Html | '' = '',
): Html {
  return html`<figure id="${id}" data-chart="${id}">
<h3>${title}</h3>
${responsive(chart(DRAWING.wide), chart(DRAWING.narrow))}
<figcaption>${caption}</figcaption>${after}
</figure>`;
}

/** The timeline's caption: its key, and the cores it leaves out. */
function timelineCaption(
  data: ReportData,
  { shown, flownOnce, reusedLeftOut }: ReturnType<typeof timelineCores>,
): Html {
  const left = [
    reusedLeftOut > 0 ? `${reusedLeftOut} reused cores with fewer flights and no quick reuse` : '',
    flownOnce > 0 ? `${flownOnce} cores flown once` : '',
  ].filter((t) => t !== '');
  return html`One row for each of ${shown.length} cores flown more than once, a mark per flight: ${swatch(COLORS.highlight)} less than ${data.days} days after the same core's previous flight (question 2); ${swatch(COLORS.emphasis)} the most-used core, starred (question 1); ${swatch(COLORS.base)} other flights.${left.length > 0 ? ` Not drawn: ${left.join(' and ')}.` : ''}`;
}

/** Months of launches not yet flown listed at most; the rest are summed in the caption. */
export const UPCOMING_MONTHS_LISTED = 12;

/** The launches not yet flown, by month: kept out of the bars, so every bar is flown. */
function upcomingList(data: ReportData): Html | '' {
  const months = upcomingMonths(data);
  if (months.length === 0) return '';
  const launchesIn = (list: typeof months) => list.reduce((sum, m) => sum + m.upcoming, 0);
  const [listed, later] = [
    months.slice(0, UPCOMING_MONTHS_LISTED),
    months.slice(UPCOMING_MONTHS_LISTED),
  ];
  const summed =
    later.length > 0
      ? ` (the first ${listed.length} months listed; ${later.length} later months hold ${launchesIn(later)})`
      : '';
  return table(
    `Not yet flown, so not in the bars: ${launchesIn(months)} launches${summed}`,
    [short('month'), short('launches')],
    listed.map((m) => [m.month, String(m.upcoming)]),
  );
}

/** The three answers in full, a table each. */
function answerTables(data: ReportData): Html {
  const { maxCoreUses: top, coresReusedWithin: reused, busyMonths: busy } = data;
  return html`${table(
    `1. The most-used core${top.cores.length === 1 ? '' : 's'}: ${top.uses} flights`,
    [short('core'), short('flights'), short('first launch'), short('last launch'), short('status')],
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
  [
    short('core'),
    short('days'),
    'launch',
    short('launched'),
    short('rocket'),
    short('site'),
    'previous launch',
  ],
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
  [short('month'), short('launches'), 'names'],
  busy.months.map((m) => [m.month, String(m.launches), m.launchNames.join(', ')]),
)}`;
}

/**
 * What the last successful run changed: launches added, changed and removed, and the other
 * entities whose stored versions it ended (kept in staging.record_history).
 */
export function lastRunChanges(data: ReportData): Html | '' {
  const run = data.lastRun;
  if (run === null) return '';
  const changed = data.lastRunEnded.find((e) => e.entity === 'launches')?.changed ?? 0;
  const others = data.lastRunEnded
    .filter((e) => e.entity !== 'launches')
    .map((e) => `${e.entity} ${e.changed} changed, ${e.removed} removed`);
  const rest = others.length > 0 ? `; of the other records: ${others.join('; ')}` : '';
  return html`The last run added ${run.launchesChanged - changed} launches, changed ${changed} and removed ${run.launchesRemoved}${rest}. Earlier versions are kept: <code>pnpm runs --changes ${run.runId}</code> lists what changed in each.`;
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
  // Chosen once: both drawings and the caption show the same cores.
  const timeline = timelineCores(data);
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
${run ? html`<p class="meta" id="last-run-changes">${lastRunChanges(data)}</p>` : ''}
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
  (width) => monthlyChart(data, width),
  html`Launches flown: ${swatch(COLORS.highlight)} the ${busy.months.length} months with at least ${data.minLaunches} launches (question 3); ${swatch(COLORS.base)} other months.`,
  upcomingList(data),
)}
${figure(
  'timeline',
  'When each core flew',
  (width) => timelineChart(data, timeline.shown, width),
  timelineCaption(data, timeline),
)}
${figure(
  'turnaround',
  'Days between a core’s flights',
  (width) => turnaroundChart(data, width),
  html`Every reuse, by the days since the same core's previous flight, in bins of ${TURNAROUND_BIN_DAYS} days: ${swatch(COLORS.highlight)} bins starting before ${data.days} days; ${swatch(COLORS.base)} later. The dashed line is at ${data.days} days.`,
)}
<h2>The answers in full</h2>
${answerTables(data)}
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
        [
          'check',
          short('severity'),
          short('status'),
          short('failing'),
          'what it checks',
          'first failing keys',
        ],
        data.checks.map((c) => [
          c.name,
          c.severity,
          html`<span class="status-${c.status}">${c.status}</span>`,
          String(c.failing),
          c.description,
          c.sample.join(', '),
        ]),
      )
}`;
  return page('SpaceX launches: the three answers', body);
}
