#!/usr/bin/env bash
# Fails when payload-types.ts or the migrations lag behind the collection configs.
set -euo pipefail
cd "$(dirname "$0")/.."

server="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
db="obs_check_$(date +%s)_$$"
psql "$server/postgres" -qc "create database \"$db\""
trap 'psql "$server/postgres" -qc "drop database if exists \"$db\" with (force)"' EXIT
export DATABASE_URI="$server/$db"

npm run --silent generate:types >/dev/null
if ! git diff --quiet -- src/payload-types.ts; then
  echo "src/payload-types.ts is out of date: run 'npm run generate:types' and commit it." >&2
  git --no-pager diff --stat -- src/payload-types.ts >&2
  exit 1
fi

npm run --silent migrate:create -- schema_check --skip-empty >/dev/null
if [ -n "$(git status --porcelain -- migrations)" ]; then
  echo "The schema has changes with no migration: run 'npm run migrate:create -- <name>' and commit it." >&2
  git status --porcelain -- migrations >&2
  git clean -fq -- migrations
  git checkout -- migrations
  exit 1
fi
echo "Generated types and migrations are current."
