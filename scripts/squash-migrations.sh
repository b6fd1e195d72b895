#!/usr/bin/env bash
# Before the first release only: replaces every migration with one Initial migration per provider
# (used while several branches add tables at once). After a release, add migrations with add-migration.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=$(mktemp -d)
# Hand-written migrations (SQL the model cannot express) are kept and re-added after Initial.
for provider in Sqlite PostgreSql; do
  cp src/Accreditation.Core/Migrations/$provider/*_AuditTrailAppendOnly.cs "$keep/$provider.AuditTrailAppendOnly.cs"
done
rm -rf src/Accreditation.Core/Migrations
scripts/add-migration.sh Initial
scripts/add-migration.sh AuditTrailAppendOnly
for provider in Sqlite PostgreSql; do
  cp "$keep/$provider.AuditTrailAppendOnly.cs" src/Accreditation.Core/Migrations/$provider/*_AuditTrailAppendOnly.cs
done
rm -rf "$keep"
