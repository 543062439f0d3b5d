/**
 * The pages' HTML: escaping, tables, and one page shell with inline styles (no request to any
 * network, no script), readable on screen and printed on A4.
 */

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

/** A table with a caption; cells are text or markup. */
export function table(caption: string, headers: string[], rows: (string | Html)[][]): Html {
  return html`<table>
<caption>${caption}</caption>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>\n`)}</tbody>
</table>`;
}

const STYLE = `
:root { color-scheme: light; --accent: #d9480f; --ink: #222; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #fff; }
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
figure svg { width: 100%; height: auto; }
figcaption { font-size: .9rem; color: var(--muted); }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -.05em; }
@media print { .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f6f6; }
td.num, th.num { text-align: right; }
.status-pass { color: #2b8a3e; } .status-warn { color: #b35c00; } .status-fail { color: #c92a2a; font-weight: 600; }
code { font-size: .9em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .3rem; overflow-wrap: anywhere; }
  a { color: inherit; text-decoration: none; }
}
@media (max-width: 700px) { .cards { grid-template-columns: 1fr; } }
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
