#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 for the database tests.
# Finds a running one; starts the local cluster if it has stopped; installs PostgreSQL with apt
# on a machine without it. Prints the DATABASE_URL to use.
set -euo pipefail

HOST=${PGHOST_FOR_TESTS:-127.0.0.1}
PORT=${PGPORT_FOR_TESTS:-5432}
# The password only matters on a server installed here (scram); with trust auth it is ignored.
URL=${POSTGRES_TEST_URL:-postgres://postgres:postgres@$HOST:$PORT/postgres}

ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "Installing PostgreSQL" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql >&2
  installed_here=1
fi

if ! ready; then
  echo "Starting PostgreSQL" >&2
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi

if [ "${installed_here:-0}" = 1 ]; then
  $sudo_cmd su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
fi

if ! ready; then
  echo "PostgreSQL is not answering on $HOST:$PORT" >&2
  exit 1
fi
echo "$URL"
