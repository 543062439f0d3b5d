// `pnpm check:functions`: no function in the product's sources (apps/*/src, packages/*/src; tests
// aside) is longer than MAX_LINES. A long function hides its steps: split it into named ones.
// `--top N` lists the N longest instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

export const MAX_LINES = 120;
const ROOT = resolve(import.meta.dirname, '..');

/** The product's TypeScript sources: every src folder of apps/* and packages/*, tests aside. */
function sourceFiles() {
  const files = [];
  for (const group of ['apps', 'packages']) {
    for (const pkg of readdirSync(join(ROOT, group))) {
      const src = join(ROOT, group, pkg, 'src');
      let entries = [];
      try {
        entries = readdirSync(src, { recursive: true, encoding: 'utf8' });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (/\.ts$/.test(entry) && !/\.test(-d)?\.ts$/.test(entry)) files.push(join(src, entry));
      }
    }
  }
  return files.sort();
}

/** Every function of `file` with its name and length in lines, outermost first. */
export function functionLengths(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ file, name: nameOf(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return '(anonymous)';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { top: { type: 'string' } } });
  const all = sourceFiles()
    .flatMap(functionLengths)
    .sort((a, b) => b.lines - a.lines);
  const show = (f) =>
    `${String(f.lines).padStart(4)}  ${relative(ROOT, f.file)}:${f.line} ${f.name}`;
  if (values.top) {
    console.log(all.slice(0, Number(values.top)).map(show).join('\n'));
    process.exit(0);
  }
  const long = all.filter((f) => f.lines > MAX_LINES);
  if (long.length > 0) {
    console.error(
      `${long.length} function(s) longer than ${MAX_LINES} lines; split each into named steps:\n${long.map(show).join('\n')}`,
    );
    process.exit(1);
  }
  console.log(
    `functions: the longest of ${all.length} is ${all[0]?.lines ?? 0} lines (${all[0] ? relative(ROOT, all[0].file) : '-'}), at most ${MAX_LINES}.`,
  );
}
