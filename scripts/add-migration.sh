#!/usr/bin/env bash
# Adds a migration NAME for both providers (SQLite and PostgreSQL) from the current model.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh NAME}"
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql; do
  dotnet ef migrations add "$name" \
    --project src/Accreditation.Core --startup-project src/Accreditation.Web \
    --context "${provider}AccreditationDbContext" \
    --output-dir "Migrations/${provider}"
done
