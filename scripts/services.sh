#!/usr/bin/env bash
# Make sure the services the tests talk to answer on 127.0.0.1: PostgreSQL (trust auth for TCP from
# 127.0.0.1, a database `test`), Redis and RabbitMQ (guest/guest).  Called by scripts/test.sh before pytest.
#
# When all of them answer (the usual case) it does nothing and takes well under a second.  For a service
# that does not answer, it installs Debian's package (postgresql, redis-server, rabbitmq-server) if
# missing and starts the service without systemd, then waits until it answers; exit 1 if one never does.
#
# Settings (environment):
#   JIXIAO_PG_PORT (5432), JIXIAO_REDIS_PORT (6379), JIXIAO_AMQP_PORT (5672)   ports to check and start on
#   JIXIAO_SERVICES_DRY_RUN=1   print what would be done instead of doing it
#   JIXIAO_SERVICES_STATE       folder for the data and logs of services started on a non-default port
#                               (default /var/tmp/jixiao-services)
# A PostgreSQL port that no cluster uses gets a cluster of its own (pg_createcluster, named jixiao<port>);
# Redis and RabbitMQ on a non-default port keep their data and logs under JIXIAO_SERVICES_STATE.
set -euo pipefail

PG_PORT=${JIXIAO_PG_PORT:-5432}
REDIS_PORT=${JIXIAO_REDIS_PORT:-6379}
AMQP_PORT=${JIXIAO_AMQP_PORT:-5672}
DRY=${JIXIAO_SERVICES_DRY_RUN:-0}
STATE=${JIXIAO_SERVICES_STATE:-/var/tmp/jixiao-services}
HOST=127.0.0.1

say() { echo "services: $*" >&2; }
run() {   # a command, or only its text in a dry run
  if [ "$DRY" = 1 ]; then echo "would run: $*" >&2; else "$@"; fi
}
answers() { timeout 1 bash -c "</dev/tcp/$HOST/$1" 2>/dev/null; }
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

wait_for() {   # wait_for NAME PORT SECONDS
  local name=$1 port=$2 limit=$3 waited=0
  [ "$DRY" = 1 ] && return 0
  until answers "$port"; do
    if [ "$waited" -ge "$limit" ]; then
      say "$name 在 ${limit} 秒内没有在 $HOST:$port 上应答 ($name did not answer)"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "$name 已在 $HOST:$port 上应答"
}

APT_UPDATED=0
need_packages() {   # install the Debian packages that are missing
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "安装 ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then run $SUDO apt-get update -qq; APT_UPDATED=1; fi
  # policy-rc.d: the packages must not try to start services through systemd or init scripts here
  if [ "$DRY" != 1 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  run $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

start_postgres() {
  need_packages postgresql
  local version cluster
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$version" ] || { [ "$DRY" = 1 ] && version=15 || { say "找不到 PostgreSQL 程序"; return 1; }; }
  # the cluster on this port, else a new one (the package's own `main` uses 5432)
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v p="$PG_PORT" '$1 == v && $3 == p {print $2; exit}' || true)
  if [ -z "$cluster" ]; then
    cluster=$([ "$PG_PORT" = 5432 ] && echo main || echo "jixiao$PG_PORT")
    say "新建 PostgreSQL $version 集群 $cluster（端口 $PG_PORT）"
    run $SUDO pg_createcluster -p "$PG_PORT" "$version" "$cluster" -- --auth=trust >/dev/null
  fi
  # trust for TCP from 127.0.0.1 (tests connect as postgres without a password): first matching line wins
  local hba=/etc/postgresql/$version/$cluster/pg_hba.conf
  if [ "$DRY" = 1 ] || ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    run $SUDO sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  fi
  run $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  wait_for PostgreSQL "$PG_PORT" 60
  if [ "$DRY" = 1 ]; then
    echo "would run: createdb -h $HOST -p $PG_PORT -U postgres test (when missing)"
  elif ! psql -h "$HOST" -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
    createdb -h "$HOST" -p "$PG_PORT" -U postgres test
  fi
}

start_redis() {
  need_packages redis-server
  local dir=/var/lib/redis log=/var/log/redis/jixiao.log
  if [ "$REDIS_PORT" != 6379 ]; then dir=$STATE/redis-$REDIS_PORT; log=$dir/redis.log; fi
  run $SUDO mkdir -p "$dir" "$(dirname "$log")"
  run $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$dir" --logfile "$log"
  wait_for Redis "$REDIS_PORT" 30
}

start_rabbitmq() {
  need_packages rabbitmq-server
  local -a env=()
  if [ "$AMQP_PORT" != 5672 ]; then   # a second node of its own: own name, data, logs and ports
    local base=$STATE/rabbitmq-$AMQP_PORT
    run $SUDO mkdir -p "$base"
    if id rabbitmq >/dev/null 2>&1; then run $SUDO chown -R rabbitmq: "$base"; fi
    env=(RABBITMQ_NODENAME="jixiao$AMQP_PORT@localhost" RABBITMQ_NODE_PORT="$AMQP_PORT"
         RABBITMQ_DIST_PORT=$((AMQP_PORT + 20000)) RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log"
         RABBITMQ_PID_FILE="$base/pid" RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins"
         RABBITMQ_CONFIG_FILE="$base/none" RABBITMQ_ADVANCED_CONFIG_FILE="$base/none.config")
  fi
  run $SUDO env "${env[@]}" rabbitmq-server -detached
  wait_for RabbitMQ "$AMQP_PORT" 120
}

status=0
answers "$PG_PORT" || start_postgres || status=1
answers "$REDIS_PORT" || start_redis || status=1
answers "$AMQP_PORT" || start_rabbitmq || status=1
exit $status
