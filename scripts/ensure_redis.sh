#!/usr/bin/env bash
# Make sure a Redis server answers for the tests that need the shared cache.
# Uses REDIS_URL when it is set, else 127.0.0.1:6379: finds a running server; starts the local
# one if it has stopped; installs redis-server with apt on a machine without it. Prints the
# REDIS_URL to use.
set -euo pipefail

URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
# redis://[user:password@]host[:port][/db]
hostport=${URL#*://}
hostport=${hostport##*@}
hostport=${hostport%%/*}
HOST=${hostport%%:*}
PORT=6379
[ "$hostport" != "$HOST" ] && PORT=${hostport##*:}

sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

ready() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$URL" ping 2>/dev/null | grep -q PONG
  else
    # Without the client: a PING over bash's /dev/tcp.
    exec 3<>"/dev/tcp/$HOST/$PORT" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 2 answer <&3 || true
    exec 3<&-
    [[ "${answer:-}" == +PONG* ]]
  fi
}

if ready; then
  echo "$URL"
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Redis" >&2
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends redis-server >&2
fi

if ! ready; then
  case "$HOST" in
    127.0.0.1|localhost) ;;
    *) echo "Redis is not answering at $HOST:$PORT (set REDIS_URL to a running server)" >&2; exit 1 ;;
  esac
  echo "Starting Redis on $HOST:$PORT" >&2
  # The packaged service (it listens on 6379) where there is one; otherwise a daemon of our own.
  if [ "$PORT" = 6379 ]; then $sudo_cmd service redis-server start >&2 2>/dev/null || true; fi
  if ! ready; then
    redis-server --bind "$HOST" --port "$PORT" --daemonize yes --save "" --appendonly no >&2
  fi
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi

if ! ready; then
  echo "Redis is not answering at $HOST:$PORT" >&2
  exit 1
fi
echo "$URL"
