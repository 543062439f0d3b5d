#!/usr/bin/env bash
# What a deploy image does: a clean clone, `pnpm install --prod` (no devDependencies), then
# migrate and ingest on PostgreSQL and on the embedded database; and what a new user does first,
# README's first line: `pnpm ingest --sample && pnpm answers` from the clone's own sample, with
# the network closed to the process (SPACEX_API_URL points nowhere). Needs TEST_DATABASE_URL and
# SPACEX_SNAPSHOT.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
db="spacex_prod_$$"
admin_psql() { psql "$TEST_DATABASE_URL" -v ON_ERROR_STOP=1 -qc "$1"; }
trap 'admin_psql "drop database if exists $db with (force)" || true; rm -rf "$work"' EXIT

git clone -q "$repo" "$work/app"
cd "$work/app"
pnpm install --prod --frozen-lockfile --reporter=silent
if compgen -G "node_modules/.pnpm/vitest@*" >/dev/null; then
  echo "prod install: vitest was installed, yet it is a devDependency" >&2
  exit 1
fi

admin_psql "create database $db"
url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$TEST_DATABASE_URL" "$db")"
DATABASE_URL="$url" pnpm -s db:migrate >/dev/null
DATABASE_URL="$url" LOG_LEVEL=error pnpm -s ingest --from-file "$SPACEX_SNAPSHOT" --no-archive --json >"$work/pg.json"
PGLITE_DIR="$work/pglite" LOG_LEVEL=error pnpm -s ingest --from-file "$SPACEX_SNAPSHOT" --no-archive --json >"$work/pglite.json"

# The README's first command sequence, offline: the sample, then the answers.
export SPACEX_API_URL=http://127.0.0.1:9
PGLITE_DIR="$work/first" LOG_LEVEL=error pnpm -s ingest --sample --no-archive >/dev/null
PGLITE_DIR="$work/first" pnpm -s answers >"$work/answers.txt"
PGLITE_DIR="$work/first" pnpm -s answers --json >"$work/answers.json"
node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const top = a.maxCoreUses.cores.map((c) => `${c.serial} ${a.maxCoreUses.uses}`).join(", ");
const got = `${top} / ${a.coresReusedWithin.cores.length} cores / ${a.busyMonths.months.length} months`;
// What apps/ingest/sample/README.md says the saved API data answers.
if (got !== "B1058 14 / 9 cores / 45 months") { console.error(`first run: the sample answers ${got}`); process.exit(1); }
console.log(`first run: pnpm ingest --sample && pnpm answers, offline: ${got}`);
' "$work/answers.json"
grep -q "^B1058  14" "$work/answers.txt" || { echo "first run: pnpm answers does not print B1058 14" >&2; exit 1; }
node -e '
const [pg, lite] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
for (const [name, s] of [["PostgreSQL", pg], ["PGlite", lite]]) {
  if (s.status !== "succeeded" || s.launchesLoaded < 1) { console.error(`prod install: ${name} ingest: ${JSON.stringify(s)}`); process.exit(1); }
}
console.log(`prod install: migrated and ingested ${pg.launchesLoaded} launches on PostgreSQL and ${lite.launchesLoaded} on PGlite, with no devDependencies`);
' "$work/pg.json" "$work/pglite.json"
