/**
 * A directed graph drawn in layers, as SVG made at build time (no script, no library): each node
 * in a column after every node it reads, an edge that spans columns routed through the columns
 * between, each column ordered by its neighbours (barycentres, then each node moved to the place
 * in its column with the fewest crossings), and each edge drawn from its source's box to its
 * target's, ending in an arrowhead on the target's edge.
 */
import { escapeHtml } from './html.js';

export interface GraphNode {
  id: string;
  label: string;
  /** The column heading the node is drawn under; groups run left to right in first-seen order. */
  group: string;
  color: string;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface LayeredStyle {
  /** Font size of labels and headings, in the drawing's own pixels. */
  fontSize: number;
  /** The width to spread the columns over; wider when the boxes need more. */
  width: number;
  /**
   * 'path': a node is in a column after every node it reads. 'group': one column per group, for
   * narrow drawings; an edge within a column is an arc on the column's left.
   */
  columns: 'path' | 'group';
}

/** A node of the drawing, or a bend point of an edge that passes a column (`label` null). */
interface Vertex {
  id: string;
  rank: number;
  label: string | null;
  color: string;
}

/** An edge cut into steps between neighbouring columns. */
interface Route {
  edge: GraphEdge;
  vertices: string[];
}

/**
 * Each node's column: after its group's predecessors, and (by 'path') after every node it reads.
 */
export function ranksOf(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  columns: LayeredStyle['columns'] = 'path',
): Map<string, number> {
  const groups = [...new Set(nodes.map((n) => n.group))];
  const rank = new Map<string, number>();
  let floor = 0;
  for (const group of groups) {
    const members = nodes.filter((n) => n.group === group);
    for (const node of members) rank.set(node.id, floor);
    if (columns === 'group') {
      floor++;
      continue;
    }
    // Longest path within the group: as many passes as it has nodes settle it.
    for (let pass = 0; pass < members.length; pass++) {
      for (const { from, to } of edges) {
        const [r, s] = [rank.get(from), rank.get(to)];
        if (r !== undefined && s !== undefined && members.some((m) => m.id === to) && s <= r)
          rank.set(to, r + 1);
      }
    }
    floor = Math.max(...members.map((m) => rank.get(m.id) ?? floor)) + 1;
  }
  for (const { from, to } of edges) {
    const [r, s] = [rank.get(from) ?? -1, rank.get(to) ?? -1];
    if (r > s || (r === s && columns === 'path'))
      throw new Error(`edge ${from} → ${to}: its source is not in an earlier column`);
  }
  return rank;
}

/** Crossings between two neighbouring columns, given each vertex's place in its column. */
function crossingsBetween(steps: readonly [string, string][], place: Map<string, number>): number {
  let crossings = 0;
  for (let i = 0; i < steps.length; i++) {
    for (let j = i + 1; j < steps.length; j++) {
      const [a, b] = [steps[i], steps[j]] as [[string, string], [string, string]];
      const up = (place.get(a[0]) ?? 0) - (place.get(b[0]) ?? 0);
      const down = (place.get(a[1]) ?? 0) - (place.get(b[1]) ?? 0);
      if (up * down < 0) crossings++;
    }
  }
  return crossings;
}

/** The columns, their steps (edges between column r and r + 1), and crossing counts. */
class Columns {
  readonly steps: [string, string][][];

  constructor(
    readonly columns: string[][],
    routes: readonly Route[],
  ) {
    this.steps = columns.map(() => []);
    for (const { vertices } of routes) {
      for (let i = 0; i + 1 < vertices.length; i++) {
        const from = vertices[i] as string;
        this.steps[this.rankOf(from)]?.push([from, vertices[i + 1] as string]);
      }
    }
  }

  private rankOf(id: string): number {
    return this.columns.findIndex((column) => column.includes(id));
  }

  places(): Map<string, number> {
    return new Map(this.columns.flatMap((column) => column.map((id, i) => [id, i] as const)));
  }

  crossings(): number {
    const place = this.places();
    return this.steps.reduce((sum, steps) => sum + crossingsBetween(steps, place), 0);
  }

  /** Orders column `r` by the mean place of its neighbours in column `r + side`. */
  sortByNeighbours(r: number, side: -1 | 1): void {
    const place = this.places();
    const steps = side === -1 ? (this.steps[r - 1] ?? []) : (this.steps[r] ?? []);
    const key = (id: string) => {
      const near = steps
        .filter(([from, to]) => (side === -1 ? to : from) === id)
        .map(([from, to]) => place.get(side === -1 ? from : to) ?? 0);
      // A vertex with no neighbour on that side keeps its place.
      return near.length === 0 ? (place.get(id) ?? 0) : near.reduce((a, b) => a + b) / near.length;
    };
    const keys = new Map((this.columns[r] ?? []).map((id) => [id, key(id)]));
    this.columns[r]?.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
  }

  /**
   * Moves each vertex to the place in its column with the fewest crossings (sifting), while a
   * move lowers them: what sorting by barycentres leaves, one vertex at a time.
   */
  sift(): void {
    let best = this.crossings();
    for (let improved = true; improved; ) {
      improved = false;
      for (const column of this.columns) {
        for (const id of [...column]) {
          const from = column.indexOf(id);
          column.splice(from, 1);
          let place = from;
          for (let to = 0; to <= column.length; to++) {
            column.splice(to, 0, id);
            const now = this.crossings();
            if (now < best) [best, place, improved] = [now, to, true];
            column.splice(to, 1);
          }
          column.splice(place, 0, id);
        }
      }
    }
  }
}

/** Passes of barycentre sorting, down then up, then sifting; the best order seen is kept. */
const SWEEPS = 8;

/** The order of each column with the fewest crossings the passes found, from one start. */
function orderFrom(columns: string[][], routes: readonly Route[]): Columns {
  const work = new Columns(
    columns.map((c) => [...c]),
    routes,
  );
  let best = { order: work.columns.map((c) => [...c]), crossings: work.crossings() };
  for (let sweep = 0; sweep < SWEEPS && best.crossings > 0; sweep++) {
    for (let r = 1; r < columns.length; r++) work.sortByNeighbours(r, -1);
    for (let r = columns.length - 2; r >= 0; r--) work.sortByNeighbours(r, 1);
    work.sift();
    const crossings = work.crossings();
    if (crossings < best.crossings) best = { order: work.columns.map((c) => [...c]), crossings };
  }
  return new Columns(best.order, routes);
}

/** Starts tried besides the order given: each column shuffled (the same way every build). */
const SHUFFLED_STARTS = 8;

/** `list` shuffled by a fixed sequence from `seed`: the same drawing from the same graph. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The order of each column with the fewest crossings found from several starts: the order
 * given, and shuffles of it. Sorting and sifting settle near where they start; the graphs drawn
 * here are small enough to try several.
 */
function orderColumns(columns: string[][], routes: readonly Route[]): Columns {
  const starts = [
    columns,
    ...Array.from({ length: SHUFFLED_STARTS }, (_, k) => columns.map((c) => shuffled(c, k + 1))),
  ];
  let best = orderFrom(columns, routes);
  for (const start of starts.slice(1)) {
    if (best.crossings() === 0) break;
    const next = orderFrom(start, routes);
    if (next.crossings() < best.crossings()) best = next;
  }
  return best;
}

/**
 * The graph's vertices by column (in the nodes' order), each edge's route through them, and the
 * edges within a column (drawn as arcs).
 */
function layers(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  mode: LayeredStyle['columns'],
) {
  const rank = ranksOf(nodes, edges, mode);
  const within = edges.filter((e) => rank.get(e.from) === rank.get(e.to));
  const vertices = new Map<string, Vertex>(
    nodes.map((n) => [
      n.id,
      { id: n.id, rank: rank.get(n.id) ?? 0, label: n.label, color: n.color },
    ]),
  );
  const routes: Route[] = edges
    .filter((e) => !within.includes(e))
    .map((edge) => {
      const [from, to] = [rank.get(edge.from) ?? 0, rank.get(edge.to) ?? 0];
      const bends = Array.from({ length: to - from - 1 }, (_, k) => {
        const id = `${edge.from}→${edge.to}#${k}`;
        vertices.set(id, { id, rank: from + k + 1, label: null, color: 'none' });
        return id;
      });
      return { edge, vertices: [edge.from, ...bends, edge.to] };
    });
  const count = Math.max(...[...vertices.values()].map((v) => v.rank)) + 1;
  const columns = Array.from({ length: count }, (_, r) =>
    [...vertices.values()].filter((v) => v.rank === r).map((v) => v.id),
  );
  return { vertices, routes, columns, within };
}

/**
 * How the drawing orders its columns ('path' columns), with a count of crossings for any order
 * of the same columns: for tests.
 */
export function drawnOrder(nodes: readonly GraphNode[], edges: readonly GraphEdge[]) {
  const { routes, columns } = layers(nodes, edges, 'path');
  return {
    given: columns,
    drawn: orderColumns(columns, routes).columns,
    crossings: (order: string[][]) => new Columns(order, routes).crossings(),
  };
}

/** A label's width, estimated for a sans-serif face: generous, so the text stays in its box. */
const textWidth = (text: string, fontSize: number) => text.length * fontSize * 0.62;

const round = (n: number) => Math.round(n * 10) / 10;

/** Where a vertex is drawn: its box's left edge, its centre line, its column's width. */
interface Spot {
  x: number;
  y: number;
  w: number;
}

/** Sizes derived from the font: every length of the drawing scales with it. */
function metrics(fontSize: number, arcs: boolean) {
  const arc = fontSize * 1.6;
  return {
    arc,
    arrow: fontSize * 0.5,
    padX: fontSize * 0.6,
    top: fontSize * 2.6,
    // Arcs within a column need room on the left of the first.
    left: fontSize + (arcs ? arc : 0),
    edge: fontSize,
    boxHeight: fontSize * 1.8,
    row: fontSize * 2.5,
    minGap: fontSize * 2.5,
  };
}

/** Each vertex's spot, columns spread over the width, each column centred vertically. */
function place(
  columns: readonly string[][],
  vertices: ReadonlyMap<string, Vertex>,
  style: LayeredStyle,
  m: ReturnType<typeof metrics>,
) {
  const widths = columns.map((column) =>
    Math.max(
      style.fontSize,
      ...column.map((id) => {
        const text = vertices.get(id)?.label;
        return text ? textWidth(text, style.fontSize) + 2 * m.padX : 0;
      }),
    ),
  );
  const boxes = widths.reduce((a, b) => a + b, 0);
  const gaps = Math.max(1, columns.length - 1);
  const gap = Math.max(m.minGap, (style.width - boxes - m.left - m.edge) / gaps);
  const tallest = Math.max(...columns.map((c) => c.length));
  const at = new Map<string, Spot>();
  let x = m.left;
  for (const [r, column] of columns.entries()) {
    const top = m.top + ((tallest - column.length) * m.row) / 2;
    const w = widths[r] ?? 0;
    for (const [i, id] of column.entries())
      at.set(id, { x, y: top + i * m.row + m.boxHeight / 2, w });
    x += w + gap;
  }
  return { at, width: x - gap + m.edge, height: m.top + tallest * m.row + m.edge };
}

/** The curve of an edge between columns: through each passed column at its bend's height. */
function routePath(path: readonly string[], at: ReadonlyMap<string, Spot>): [string, number[]] {
  const points = path.flatMap((id, i) => {
    const p = at.get(id) ?? { x: 0, y: 0, w: 0 };
    if (i === 0) return [[p.x + p.w, p.y]];
    if (i === path.length - 1) return [[p.x, p.y]];
    return [
      [p.x, p.y],
      [p.x + p.w, p.y],
    ];
  });
  const [[sx = 0, sy = 0] = []] = points;
  let d = `M${round(sx)},${round(sy)}`;
  for (let i = 1; i < points.length; i++) {
    const [x0 = 0, y0 = 0] = points[i - 1] ?? [];
    const [x1 = 0, y1 = 0] = points[i] ?? [];
    const bend = (x1 - x0) / 2;
    // Odd steps go between columns (a curve leaving and entering level), even ones through one.
    d +=
      i % 2 === 1
        ? ` C${round(x0 + bend)},${round(y0)} ${round(x1 - bend)},${round(y1)} ${round(x1)},${round(y1)}`
        : ` L${round(x1)},${round(y1)}`;
  }
  return [d, points.at(-1) ?? [0, 0]];
}

/** Draws the graph; `label` is the accessible name. */
export function layeredSvg(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  style: LayeredStyle,
  label: string,
): string {
  const { vertices, routes, columns: initial, within } = layers(nodes, edges, style.columns);
  const { columns } = orderColumns(initial, routes);
  const { fontSize } = style;
  const m = metrics(fontSize, within.length > 0);
  const { at, width, height } = place(columns, vertices, style, m);
  const parts: string[] = [];
  // Headings: each group centred over its columns.
  for (const group of new Set(nodes.map((n) => n.group))) {
    const spots = nodes.filter((n) => n.group === group).map((n) => at.get(n.id) ?? { x: 0, w: 0 });
    const centre =
      (Math.min(...spots.map((p) => p.x)) + Math.max(...spots.map((p) => p.x + p.w))) / 2;
    parts.push(
      `<text x="${round(centre)}" y="${round(fontSize * 1.2)}" font-size="${fontSize}" font-weight="bold" text-anchor="middle" fill="#222">${escapeHtml(group)}</text>`,
    );
  }
  const edgeSvg = (edge: GraphEdge, d: string, [tx = 0, ty = 0]: number[]) =>
    `<g data-edge="${escapeHtml(edge.from)} ${escapeHtml(edge.to)}"><path d="${d}" fill="none" stroke="#888" stroke-width="1.2"/>` +
    `<path d="M${round(tx)},${round(ty)} l${-m.arrow},${-m.arrow / 2} v${m.arrow} z" fill="#888"/></g>`;
  for (const edge of within) {
    // From the source's left edge out to the left and back into the target's left edge.
    const [a, b] = [at.get(edge.from), at.get(edge.to)];
    if (!a || !b) continue;
    const d = `M${round(a.x)},${round(a.y)} C${round(a.x - m.arc)},${round(a.y)} ${round(b.x - m.arc)},${round(b.y)} ${round(b.x)},${round(b.y)}`;
    parts.push(edgeSvg(edge, d, [b.x, b.y]));
  }
  for (const { edge, vertices: path } of routes) parts.push(edgeSvg(edge, ...routePath(path, at)));
  for (const [id, p] of at) {
    const text = vertices.get(id)?.label;
    if (!text) continue;
    parts.push(
      `<g data-node="${escapeHtml(id)}"><rect x="${round(p.x)}" y="${round(p.y - m.boxHeight / 2)}" width="${round(p.w)}" height="${round(m.boxHeight)}" rx="3" fill="${vertices.get(id)?.color}"/>` +
        `<text x="${round(p.x + p.w / 2)}" y="${round(p.y)}" font-size="${fontSize}" text-anchor="middle" dominant-baseline="central" fill="#fff">${escapeHtml(text)}</text></g>`,
    );
  }
  const name = escapeHtml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${name}" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}" font-family="system-ui, sans-serif">` +
    `<title>${name}</title>${parts.join('')}</svg>`
  );
}
