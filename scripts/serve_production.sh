#!/usr/bin/env bash
# Serve CouncilStat on http://127.0.0.1:8000 as production runs it, on this machine:
# PostgreSQL (database "councilstat", created and loaded with the demonstration council the
# first time), Redis, migrate, collectstatic, the job worker (when the release has one) and
# gunicorn with 2 workers. The settings are councilstat.web.settings.production_local:
# production in all but HTTPS (no HTTPS redirect, no HSTS, cookies without Secure), so that
# a browser on this machine can sign in over plain HTTP. See docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

admin_url=$(bash scripts/ensure_postgres.sh)
export REDIS_URL=${REDIS_URL:-$(bash scripts/ensure_redis.sh)}
export DATABASE_URL=${DATABASE_URL:-${admin_url%/*}/councilstat}
export DJANGO_SETTINGS_MODULE=councilstat.web.settings.production_local
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
mkdir -p var
[ -s var/local-secret-key ] || { umask 077; "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(50))" > var/local-secret-key; }
DJANGO_SECRET_KEY=$(cat var/local-secret-key)
export DJANGO_SECRET_KEY

new=0
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE_URL##*/}'" | grep -q 1; then
  psql -q "$admin_url" -c "CREATE DATABASE \"${DATABASE_URL##*/}\""
  new=1
fi
"$BIN/python" manage.py migrate --noinput -v 0
[ "$new" = 1 ] && "$BIN/python" manage.py load_demo
"$BIN/python" manage.py collectstatic --noinput -v 0

if "$BIN/python" manage.py help --commands | grep -qx run_huey; then
  "$BIN/python" manage.py run_huey &
  worker=$!
  trap 'kill "$worker" 2>/dev/null || true' EXIT
fi
echo "Serving production settings on http://127.0.0.1:8000/ (Ctrl+C to stop)"
"$BIN/gunicorn" councilstat.web.wsgi:application --bind 127.0.0.1:8000 --workers 2 \
  --threads 4 --no-control-socket --access-logfile -
