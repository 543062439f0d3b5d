#!/usr/bin/env bash
# docker-compose.yml as a user runs it: valid, on 5432 by default, on POSTGRES_PORT when set, and
# with the credentials the README's test example uses. No daemon: `docker-compose config` only.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
default="$(env -u POSTGRES_PORT docker-compose config)"
moved="$(POSTGRES_PORT=55432 docker-compose config)"
grep -q -- '- 127.0.0.1:5432:5432/tcp' <<<"$default" || { echo "compose: not on 127.0.0.1:5432 by default" >&2; exit 1; }
grep -q -- '- 127.0.0.1:55432:5432/tcp' <<<"$moved" || { echo "compose: POSTGRES_PORT=55432 is not the host port" >&2; exit 1; }
# The README's example URL names the user, password and database compose creates.
url="$(grep -o 'TEST_DATABASE_URL=postgres://spacex:[^ ]*' README.md | head -1)"
[[ $url == "TEST_DATABASE_URL=postgres://spacex:spacex@127.0.0.1:5432/spacex" ]] || { echo "compose: README's test URL is '$url'" >&2; exit 1; }
for setting in 'POSTGRES_USER: spacex' 'POSTGRES_PASSWORD: spacex' 'POSTGRES_DB: spacex'; do
  grep -q "$setting" <<<"$default" || { echo "compose: $setting missing" >&2; exit 1; }
done
# The pipeline profile: migrate once postgres is healthy, ingest once migrate completed, both
# reading the database URL from a secret file.
pipeline="$(env -u POSTGRES_PORT docker-compose --profile pipeline config)"
node -e '
const text = process.argv[1];
const block = (name) => text.split(/\n  (?=\S)/).find((b) => b.startsWith(`${name}:`)) ?? "";
const want = [
  ["migrate", /postgres:\n\s+condition: service_healthy/],
  ["migrate", /DATABASE_URL_FILE: \/run\/secrets\/database-url/],
  ["ingest", /migrate:\n\s+condition: service_completed_successfully/],
  ["ingest", /DATABASE_URL_FILE: \/run\/secrets\/database-url/],
];
for (const [service, pattern] of want) {
  if (!pattern.test(block(service))) { console.error(`compose: ${service} lacks ${pattern}`); process.exit(1); }
}
' "$pipeline"
grep -q "db:migrate" <<<"$pipeline" || { echo "compose: migrate does not run db:migrate" >&2; exit 1; }
echo "compose: valid; 127.0.0.1:5432 by default, POSTGRES_PORT moves it; README's test URL matches its credentials; the pipeline profile migrates after postgres is healthy and ingests after the migrations"
