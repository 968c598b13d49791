#!/usr/bin/env bash
# The whole test suite: type checks, the staff UI build, unit tests, storage and
# API tests on PGlite and on a throwaway PostgreSQL, and the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

npm run typecheck
npm run build

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$(scripts/pg-throwaway.sh start 2>.tmp/pgdir)
  trap 'scripts/pg-throwaway.sh stop "$(cat .tmp/pgdir)"' EXIT
fi
export TEST_DATABASE_URL GYOKAKU_REQUIRE_PG=1

status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@" || status=$?
node scripts/test-summary.mjs .tmp/vitest.json || true
exit $status
