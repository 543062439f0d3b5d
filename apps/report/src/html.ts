/**
 * The pages' HTML: escaping, tables, and one page shell with inline styles (no request to any
 * network, no script), readable on any screen from a phone's up, and printed on A4.
 */
import { CARD_SCREEN, PAGE_CONTENT, PAGE_PADDING, WIDE_SCREEN } from './screens.js';

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A tagged template that escapes every interpolated value unless it is `Html` already. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | readonly Html[];

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    if (part instanceof Html) out += part.text;
    else if (Array.isArray(part)) out += part.map((p: Html) => p.text).join('');
    else if (part !== null && part !== undefined) out += escapeHtml(String(part));
    out += strings[i + 1] ?? '';
  });
  return new Html(out);
}

/** Trusted markup (an SVG the chart renderer made). */
export const raw = (text: string): Html => new Html(text);

/**
 * A column's heading; `short` for values that must never break across lines (dates, serials,
 * names of rockets and sites, counts, statuses): the table scrolls in its box instead.
 */
export type Heading = string | { text: string; short: true };

/** Marks a column's values as short (see Heading). */
export const short = (text: string): Heading => ({ text, short: true });

/**
 * A table with a caption; cells are text or markup. In a box of its own that scrolls sideways
 * when the table is wider than the screen, so the page itself never does.
 */
export function table(caption: string, headings: Heading[], rows: (string | Html)[][]): Html {
  const isShort = headings.map((h) => typeof h !== 'string');
  const cls = (i: number) => (isShort[i] ? ' class="short"' : '');
  const text = (h: Heading) => (typeof h === 'string' ? h : h.text);
  // data-label: on a phone each row is a card, each value after its column's heading.
  const cellOf = (cell: string | Html, i: number) =>
    html`<td${raw(cls(i))} data-label="${text(headings[i] ?? '')}">${cell}</td>`;
  return html`<div class="table-box"><table>
<caption>${caption}</caption>
<thead><tr>${headings.map((h, i) => html`<th scope="col"${raw(cls(i))}>${text(h)}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => html`<tr>${row.map(cellOf)}</tr>\n`)}</tbody>
</table></div>`;
}

/** A chart drawn twice: the page shows `wide` on wide screens, `narrow` on the rest (screens.ts). */
export const responsive = (wide: string, narrow: string): Html =>
  html`<div class="chart-wide">${raw(wide)}</div><div class="chart-narrow">${raw(narrow)}</div>`;

const STYLE = `
:root { color-scheme: light; --accent: #d9480f; --ink: #222; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: ${PAGE_CONTENT + 2 * PAGE_PADDING.wide}px; padding: 1.5rem ${PAGE_PADDING.wide}px; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.meta, .muted { color: var(--muted); }
p.alert { border-left: 4px solid #b3261e; padding: 0.5em 0.8em; background: #fdecea; color: #5f1410; }
a { color: #1b4f8a; }
nav { margin: .5rem 0 1rem; }
nav a { margin-right: 1rem; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 4px; padding: .8rem 1rem; }
.card .question { font-size: .85rem; color: var(--muted); margin: 0; }
.card .answer { font-size: 1.5rem; font-weight: 600; margin: .2rem 0; }
.card .detail { font-size: .9rem; margin: 0; }
figure { margin: 1rem 0; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
.chart-narrow { display: none; }
.chart-narrow svg { max-width: 560px; }
figcaption { font-size: .9rem; color: var(--muted); }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -.05em; }
@media print { .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
.table-box { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
td.short, th.short { white-space: nowrap; }
td:not(.short) { min-width: 9em; }
@media (max-width: ${CARD_SCREEN - 1}px) {
  .table-box table, .table-box tbody, .table-box tr, .table-box td { display: block; width: auto; min-width: 0; }
  .table-box thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .table-box tr { border-bottom: 1px solid var(--line); padding: .35rem 0; }
  .table-box td { border: 0; padding: .05rem .25rem; }
  .table-box td::before { content: attr(data-label) ": "; color: var(--muted); }
}
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f6f6; }
td.num, th.num { text-align: right; }
.status-pass { color: #2b8a3e; } .status-warn { color: #b35c00; } .status-fail { color: #c92a2a; font-weight: 600; }
code { font-size: .9em; overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .3rem; overflow-wrap: anywhere; }
  td.short, th.short { white-space: normal; }
  td:not(.short) { min-width: 0; }
  .table-box { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
@media (max-width: ${WIDE_SCREEN - 1}px) {
  body { padding: 1rem ${PAGE_PADDING.narrow}px; }
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
  .cards { grid-template-columns: 1fr; }
}
`;

/** A complete page: inline styles only; no script, no external resource. */
export function page(title: string, body: Html): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.text}
</body>
</html>
`;
}
