#!/usr/bin/env bash
# Installs (Debian) and starts redis-server on 127.0.0.1:6379 for the queue tests. Idempotent:
# a server already answering PING is left alone. No persistence: tests use throwaway queues.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if ! command -v redis-server >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq redis-server >/dev/null
fi

if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "redis-server already running on 127.0.0.1:6379"
  exit 0
fi

redis-server --bind 127.0.0.1 --port 6379 --daemonize yes \
  --save '' --appendonly no --protected-mode yes \
  --pidfile /tmp/mailsmith-redis.pid --logfile /tmp/mailsmith-redis.log

for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    echo "redis-server started on 127.0.0.1:6379"
    exit 0
  fi
  sleep 0.1
done
echo "redis-server did not answer on 127.0.0.1:6379; see /tmp/mailsmith-redis.log" >&2
exit 1
