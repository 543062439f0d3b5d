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
import { COLORS } from './charts.js';
import { checkSummary, checksIfReadable } from './data.js';
import { type Html, html, page, responsive, short, table } from './html.js';
import { type GraphEdge, type GraphNode, layeredSvg } from './layered.js';
import { CHART_FONT, DRAWING } from './screens.js';

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

/** The lineage as a graph: a node per relation and per answer, an edge per read. */
export interface LineageGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The lineage graph of the schema's relations and the answers. */
export function lineageGraph(): LineageGraph {
  const nodes: GraphNode[] = [
    ...LAYERS.flatMap((layer) =>
      layer.docs.map((doc) => ({
        id: nameOf(doc),
        label: doc.name,
        group: layer.schema,
        color: LAYER_COLORS[layer.schema],
      })),
    ),
    ...ANSWERS.map((a) => ({
      id: a.name,
      label: a.name,
      group: 'answers',
      color: LAYER_COLORS.answers,
    })),
  ];
  const edges = [
    ...docs().flatMap((doc) => upstreamOf(doc.relation).map((from) => ({ from, to: nameOf(doc) }))),
    ...ANSWERS.map((a) => ({ from: a.reads, to: a.name })),
  ];
  return { nodes, edges };
}

/**
 * The narrow lineage: one drawing for each step between layers (raw → staging, staging → mart,
 * mart → answers), two columns each: the reads into a layer, and its reads of itself as arcs.
 */
export function lineagePanels(graph: LineageGraph): LineageGraph[] {
  const groups = [...new Set(graph.nodes.map((n) => n.group))];
  const groupOf = new Map(graph.nodes.map((n) => [n.id, n.group]));
  return groups.slice(1).map((group, i) => {
    const edges = graph.edges.filter((e) => groupOf.get(e.to) === group);
    const shown = new Set(edges.map((e) => e.from));
    const nodes = graph.nodes.filter(
      (n) => n.group === group || (n.group === groups[i] && (i === 0 || shown.has(n.id))),
    );
    return { nodes, edges };
  });
}

const lineageLabel = (nodes: readonly GraphNode[], edges: readonly GraphEdge[]) => {
  const groups = [...new Set(nodes.map((n) => n.group))];
  const counts = groups.map((g) => `${nodes.filter((n) => n.group === g).length} ${g}`);
  return `Lineage: ${counts.join(', ')}, with an arrow from each relation to what reads it (${edges.length} arrows).`;
};

/** raw → staging → mart → answers, drawn wide in one, narrow in steps (see lineagePanels). */
export function lineageChart(): Html {
  const graph = lineageGraph();
  const { nodes, edges } = graph;
  const style = { fontSize: CHART_FONT, width: DRAWING.wide, columns: 'path' } as const;
  const wide = layeredSvg(nodes, edges, style, lineageLabel(nodes, edges));
  const narrow = lineagePanels(graph)
    .map((panel) =>
      layeredSvg(
        panel.nodes,
        panel.edges,
        { ...style, width: DRAWING.narrow, columns: 'group' },
        lineageLabel(panel.nodes, panel.edges),
      ),
    )
    .join('\n');
  return responsive(wide, narrow);
}

const statusCell = (status: string) => html`<span class="status-${status}">${status}</span>`;

function checkRows(results: readonly CheckResult[]): (string | Html)[][] {
  return results.map((r) => [
    r.name,
    relationLink(r.relation),
    r.severity,
    statusCell(r.status),
    String(r.failing),
    r.description,
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
<figure id="lineage" data-chart="lineage">${lineageChart()}
<figcaption>Data flows one way: the SpaceX API → ingest → raw → staging → mart → the analytics functions.</figcaption></figure>
<h2>Latest run</h2>
${
  latest
    ? html`<p>Run <code>${latest.runId}</code> ${latest.isSuccess ? 'succeeded' : 'failed'} at ${latest.finishedAt.toISOString()} (${latest.durationSeconds.toFixed(2)} s), reading ${latest.sourceKind} <code>${shownSource(latest.source)}</code>: ${latest.launchesRead} launches read, ${latest.launchesChanged} new or changed, ${latest.launchesRejected} rejected, ${latest.launchesRemoved} removed.${latest.errorMessage ? html` Error: ${latest.errorMessage}` : ''}</p>`
    : html`<p>No run is recorded yet: <code>pnpm ingest</code> loads the data.</p>`
}
${table(
  'Recent runs',
  [
    short('run'),
    short('started'),
    short('status'),
    short('source'),
    short('read'),
    short('changed'),
    short('removed'),
  ],
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
        [
          'check',
          short('relation'),
          short('severity'),
          short('status'),
          short('failing'),
          'what it checks',
          'failing keys (first 10)',
        ],
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
  [short('relation'), short('kind'), 'description'],
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
  [short('column'), short('type'), short('nullable'), 'description'],
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
        [
          'check',
          short('severity'),
          'rule',
          short('status now'),
          'failing keys (first 10)',
          'description',
        ],
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
