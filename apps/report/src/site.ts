/**
 * The catalog site (`pnpm catalog --html DIR`): static pages, one per layer and one per relation,
 * with columns, types and descriptions from the schema (as the Markdown catalog), a lineage
 * graph raw → staging → mart → answers as inline SVG, and what the database says now: the latest
 * run, source freshness and each data check's result with its failing keys.
 */
import { relative } from 'node:path';
import type { Database } from '@spacex/db/client';
import {
  type CheckResult,
  checkFreshness,
  checks,
  describeCheck,
  downstreamOf,
  type FreshnessResult,
  LAYERS,
  primaryKeyOf,
  upstreamOf,
} from '@spacex/quality';
import {
  coreFlights,
  coreUsage,
  type Described,
  monthlyLaunches,
  qualifiedName,
  stgIngestRuns,
} from '@spacex/schema';
import { findRepositoryRoot } from '@spacex/terminal';
import { desc, type InferSelectViewModel } from 'drizzle-orm';
import { COLORS, renderChart } from './charts.js';
import { checkSummary, checksIfReadable } from './data.js';
import { type Html, html, page, raw, table } from './html.js';

/** The analytics functions and the mart view each reads: the last step of the lineage. */
export const ANSWERS = [
  { name: 'maxCoreUses', reads: qualifiedName(coreUsage) },
  { name: 'coresReusedWithin', reads: qualifiedName(coreFlights) },
  { name: 'busyMonths', reads: qualifiedName(monthlyLaunches) },
] as const;

/** Each lineage column's colour: the tests count nodes by it. */
export const LAYER_COLORS = {
  raw: '#8d6e63',
  staging: '#5c8fbf',
  mart: '#2f9e44',
  answers: COLORS.highlight,
} as const;

type RunRow = InferSelectViewModel<typeof stgIngestRuns>;

/** What the database says now. */
export interface SiteState {
  /** The latest runs, newest first (at most 10). */
  runs: RunRow[];
  freshness: FreshnessResult;
  /** Null when the session's role may not run them (see checksIfReadable). */
  checks: CheckResult[] | null;
}

export async function readSiteState(db: Database): Promise<SiteState> {
  return {
    runs: await db.select().from(stgIngestRuns).orderBy(desc(stgIngestRuns.startedAt)).limit(10),
    freshness: await checkFreshness(db),
    checks: await checksIfReadable(db),
  };
}

const fileOf = (name: string) => `${name}.html`;
const relationLink = (name: string) => html`<a href="${fileOf(name)}">${name}</a>`;
const docs = (): Described[] => LAYERS.flatMap((layer) => [...layer.docs]);
const nameOf = (doc: Described) => `${doc.schema}.${doc.name}`;

/** raw → staging → mart → answers: one column per layer, an arrow per read. */
export function lineageChart(): string {
  const columns = [
    ...LAYERS.map((layer) => ({ key: layer.schema, names: layer.docs.map(nameOf) })),
    { key: 'answers' as const, names: ANSWERS.map((a) => a.name) },
  ];
  const rowHeight = 30;
  const tallest = Math.max(...columns.map((c) => c.names.length));
  const nodes = columns.flatMap((column, x) =>
    column.names.map((name, y) => ({
      name,
      x: 110 + x * 250,
      // Centre each column vertically.
      y: 50 + (y + (tallest - column.names.length) / 2) * rowHeight,
      itemStyle: { color: LAYER_COLORS[column.key] },
      label: { formatter: name.replace(/^(raw|staging|mart)\./, '') },
    })),
  );
  const edges = [
    ...docs().flatMap((doc) =>
      upstreamOf(doc.relation).map((from) => ({ source: from, target: nameOf(doc) })),
    ),
    ...ANSWERS.map((a) => ({ source: a.reads, target: a.name })),
  ];
  return renderChart({
    label: `Lineage: ${columns.map((c) => `${c.names.length} ${c.key}`).join(', ')}, with an arrow from each relation to what reads it (${edges.length} arrows).`,
    width: 1000,
    height: 80 + tallest * rowHeight,
    option: {
      series: [
        {
          type: 'graph',
          layout: 'none',
          coordinateSystem: null,
          symbol: 'roundRect',
          symbolSize: [170, 22],
          label: { show: true, color: '#fff', fontSize: 11 },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 6,
          lineStyle: { color: '#999', width: 1, curveness: 0.15, opacity: 0.8 },
          data: nodes,
          links: edges,
        },
      ],
      graphic: columns.map((column, x) => ({
        type: 'text',
        left: 30 + x * 250,
        top: 5,
        style: { text: column.key, fontSize: 13, fontWeight: 'bold', fill: COLORS.text },
      })),
    },
  });
}

const statusCell = (status: string) => html`<span class="status-${status}">${status}</span>`;

function checkRows(results: readonly CheckResult[]): (string | Html)[][] {
  return results.map((r) => [
    r.name,
    relationLink(r.relation),
    r.severity,
    statusCell(r.status),
    String(r.failing),
    r.sample.join(', ') || '–',
  ]);
}

function nav(): Html {
  return html`<nav><a href="index.html">Catalog</a>${LAYERS.map((l) => html`<a href="${fileOf(l.schema)}">${l.schema}</a>`)}</nav>`;
}

/**
 * A run's source as the site shows it: a path inside this checkout relative to it (the shipped
 * sample reads `apps/ingest/sample`), anything else as recorded.
 */
export function shownSource(source: string, root: string = findRepositoryRoot()): string {
  return source.startsWith(`${root}/`) ? relative(root, source) : source;
}

function indexPage(state: SiteState, generatedAt: Date): string {
  const latest = state.runs[0];
  const lastSuccess = state.runs.find((r) => r.isSuccess);
  const body = html`<h1>Data catalog</h1>
${nav()}
<p class="meta">Generated ${generatedAt.toISOString()} from the schema and the database.</p>
<h2>Lineage</h2>
<figure id="lineage" data-chart="lineage">${raw(lineageChart())}
<figcaption>Data flows one way: the SpaceX API → ingest → raw → staging → mart → the analytics functions.</figcaption></figure>
<h2>Latest run</h2>
${
  latest
    ? html`<p>Run <code>${latest.runId}</code> ${latest.isSuccess ? 'succeeded' : 'failed'} at ${latest.finishedAt.toISOString()} (${latest.durationSeconds.toFixed(2)} s), reading ${latest.sourceKind} <code>${shownSource(latest.source)}</code>: ${latest.launchesRead} launches read, ${latest.launchesChanged} new or changed, ${latest.launchesRejected} rejected, ${latest.launchesRemoved} removed.${latest.errorMessage ? html` Error: ${latest.errorMessage}` : ''}</p>`
    : html`<p>No run is recorded yet: <code>pnpm ingest</code> loads the data.</p>`
}
${table(
  'Recent runs',
  ['run', 'started', 'status', 'source', 'read', 'changed', 'removed'],
  state.runs.map((r) => [
    r.runId,
    r.startedAt.toISOString(),
    statusCell(r.isSuccess ? 'pass' : 'fail'),
    r.sourceKind,
    String(r.launchesRead),
    String(r.launchesChanged),
    String(r.launchesRemoved),
  ]),
)}
<h2>Source freshness</h2>
<p>${statusCell(state.freshness.status)} — ${
    lastSuccess && state.freshness.ageHours !== null
      ? `last successful run ${state.freshness.ageHours.toFixed(1)} h ago (${lastSuccess.runId})`
      : 'no successful run'
  }; warn after ${state.freshness.warnAfterHours} h, fail after ${state.freshness.errorAfterHours} h.</p>
<h2>Data checks</h2>
${
  state.checks === null
    ? html`<p>${checkSummary(null)}.</p>`
    : table(
        `${state.checks.length} checks: ${checkSummary(state.checks)}`,
        ['check', 'relation', 'severity', 'status', 'failing', 'failing keys (first 10)'],
        checkRows(state.checks),
      )
}
<h2>Layers</h2>
${LAYERS.map(
  (layer) => html`<h3><a href="${fileOf(layer.schema)}">${layer.title}</a></h3>
<p>${layer.docs.map((d, i) => html`${i > 0 ? ', ' : ''}${relationLink(nameOf(d))}`)}</p>`,
)}`;
  return page('Data catalog', body);
}

function layerPage(layer: (typeof LAYERS)[number]): string {
  const body = html`<h1>${layer.title}</h1>
${nav()}
${table(
  `${layer.docs.length} relations`,
  ['relation', 'kind', 'description'],
  layer.docs.map((d) => [relationLink(nameOf(d)), d.kind, d.description]),
)}`;
  return page(`Catalog: ${layer.schema}`, body);
}

function relationPage(doc: Described, state: SiteState): string {
  const name = nameOf(doc);
  const key = primaryKeyOf(doc.relation);
  const upstream = upstreamOf(doc.relation);
  const downstream = [
    ...downstreamOf(name),
    ...ANSWERS.filter((a) => a.reads === name).map((a) => a.name),
  ];
  const own = checks.filter((c) => qualifiedName(c.relation) === name);
  const results = (state.checks ?? []).filter((r) => r.relation === name);
  const body = html`<h1>${name}</h1>
${nav()}
<p><em>${doc.kind}</em> — ${doc.description}</p>
${key.length > 0 ? html`<p>Primary key: ${key.join(', ')}.</p>` : ''}
${upstream.length > 0 ? html`<p>Reads: ${upstream.map((u, i) => html`${i > 0 ? ', ' : ''}${relationLink(u)}`)}.</p>` : ''}
${downstream.length > 0 ? html`<p>Read by: ${downstream.map((d, i) => html`${i > 0 ? ', ' : ''}${d.includes('.') ? relationLink(d) : html`<code>${d}()</code>`}`)}.</p>` : ''}
${table(
  'Columns',
  ['column', 'type', 'nullable', 'description'],
  doc.columns.map(([fieldKey, column]) => [
    column.name,
    column.getSQLType(),
    column.notNull ? 'no' : 'yes',
    doc.descriptions.get(fieldKey) ?? '',
  ]),
)}
${
  own.length > 0
    ? table(
        'Checks',
        ['check', 'severity', 'rule', 'status now', 'failing keys (first 10)', 'description'],
        own.map((c) => {
          const result = results.find((r) => r.name === c.name);
          return [
            c.name,
            c.severity,
            describeCheck(c),
            result ? statusCell(result.status) : '–',
            result?.sample.join(', ') || '–',
            c.description,
          ];
        }),
      )
    : ''
}`;
  return page(`Catalog: ${name}`, body);
}

/** Every page of the site, by file name. */
export function renderSite(state: SiteState, generatedAt: Date): Map<string, string> {
  const pages = new Map<string, string>();
  pages.set('index.html', indexPage(state, generatedAt));
  for (const layer of LAYERS) pages.set(fileOf(layer.schema), layerPage(layer));
  for (const doc of docs()) pages.set(fileOf(nameOf(doc)), relationPage(doc, state));
  return pages;
}
