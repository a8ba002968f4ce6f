#!/bin/sh
# Runs one service (or the migrations) with the permissions it needs, never -A: its port, the Neo4j
# and NATS addresses (and, for the console, the services it calls), the variables its config reads.
set -eu
hostport() { printf '%s\n' "$1" | sed -E 's#^[a-z+]+://##; s#^[^@]*@##; s#/.*$##'; }
neo4j=$(hostport "${NEO4J_URI:?NEO4J_URI is required}")
nats=$(printf '%s\n' "${NATS_URL:?NATS_URL is required}" | tr ',' '\n' | while read -r u; do hostport "$u"; done | paste -sd, -)
case "${1:-serve}" in
  migrate)
    exec deno run --cached-only --unsafe-proto --no-prompt \
      "--allow-net=$neo4j" --allow-env --allow-read=/app/graph-schema/migrations --allow-sys=osRelease \
      /app/deploy/docker/migrate.ts
    ;;
  serve)
    net="0.0.0.0:${PORT:-8080},$neo4j,$nats"
    read_dirs=/app/graph-schema/migrations
    if [ "$SERVICE" = console ]; then
      services=$(printf '%s\n' "${CONSOLE_SERVICES:-}" | tr ',' '\n' | sed -E 's#^[a-z-]+=##' | while read -r u; do [ -n "$u" ] && hostport "$u"; done | paste -sd, -)
      [ -n "$services" ] && net="$net,$services"
      [ -n "${FARO_COLLECTOR_URL:-}" ] && net="$net,$(hostport "$FARO_COLLECTOR_URL")"
      read_dirs="$read_dirs,/app/services/console/client/dist"
    fi
    # sessions runs its vote appliers in a worker thread, whose modules Deno reads with permission
    [ "$SERVICE" = sessions ] && read_dirs="$read_dirs,/app/services/sessions,/app/packages"
    net_flag="--allow-net=$net"
    # partner webhooks live at any address; the service's own SSRF rules refuse private ones
    [ "$SERVICE" = notifications ] && net_flag="--allow-net"
    exec deno run --cached-only --unsafe-proto --no-prompt "$net_flag" \
      "--allow-env=$(cat /app/env-names)" "--allow-read=$read_dirs" --allow-sys=osRelease \
      "/app/services/$SERVICE/main.ts"
    ;;
  *)
    echo "usage: entrypoint.sh serve|migrate" >&2
    exit 64
    ;;
esac
