#!/usr/bin/env bash
# Starts a throwaway PostgreSQL from the installed server binaries for tests and
# benchmarks, prints its URL on stdout, and stops/removes it on `stop DIR`.
#   url=$(scripts/pg-throwaway.sh start)        # → postgres://app@127.0.0.1:PORT/gyokaku_test  (dir on stderr)
#   scripts/pg-throwaway.sh stop "$PGDIR"
# Fault tests stop the server abruptly and start it again on the same data and port:
#   scripts/pg-throwaway.sh halt "$PGDIR"       # pg_ctl stop -m immediate (as on a crash), data kept
#   scripts/pg-throwaway.sh restart "$PGDIR"    # start again (crash recovery), same port
set -euo pipefail

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)" && return
  echo "PostgreSQL のサーバー (initdb) が見つかりません。apt-get install postgresql-15 を実行してください。" >&2
  exit 1
}

as_owner() {
  # initdb refuses to run as root: run the server as the postgres user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
  start)
    BIN=$(find_bin)
    PGDIR=$(mktemp -d /tmp/gyokaku-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
    PORT=$(free_port)
    echo "$PORT" >"$PGDIR/port"
    as_owner "$BIN/initdb" -D "$PGDIR/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGDIR/initdb.log" 2>&1 \
      || { cat "$PGDIR/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
      -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { cat "$PGDIR/log" >&2; exit 1; }
    "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U app gyokaku_test
    echo "$PGDIR" >&2
    echo "postgres://app@127.0.0.1:$PORT/gyokaku_test"
    ;;
  halt)
    PGDIR="$2"
    BIN=$(find_bin)
    as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null
    ;;
  restart)
    PGDIR="$2"
    BIN=$(find_bin)
    PORT=$(cat "$PGDIR/port")
    as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
      -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { cat "$PGDIR/log" >&2; exit 1; }
    ;;
  stop)
    PGDIR="$2"
    BIN=$(find_bin)
    as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
    ;;
  *)
    echo "usage: $0 start | halt DIR | restart DIR | stop DIR" >&2
    exit 2
    ;;
esac
