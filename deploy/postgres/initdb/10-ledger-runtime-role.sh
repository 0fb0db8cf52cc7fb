#!/usr/bin/env bash
# Run by the postgres image on its first start (empty data volume), as the superuser: creates
# the ledger's runtime role with the password the ledger's DATABASE_URL carries. The ledger's
# grants migration gives it its rights (INSERT and SELECT on records, UPDATE only on working
# state); it is created here, not by the migration, so that the password never passes through
# the service. A production database gets the same from its operators (deploy/k8s/README.md).
set -euo pipefail
: "${LEDGER_DB_APP_PASSWORD:?LEDGER_DB_APP_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v password="$LEDGER_DB_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE goodloop_ledger_app LOGIN PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'goodloop_ledger_app') \gexec
SQL
