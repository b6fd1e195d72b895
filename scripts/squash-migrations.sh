#!/usr/bin/env bash
# Before the first release only: replaces every migration with one Initial migration per provider
# (used while several branches add tables at once). After a release, add migrations with add-migration.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Accreditation.Core/Migrations
scripts/add-migration.sh Initial
