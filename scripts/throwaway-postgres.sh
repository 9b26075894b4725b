# Sourced by ./test and bench/run: starts a throwaway PostgreSQL cluster (trust auth, loopback, a free port, no
# fsync) and exports HOOKGATE_TEST_POSTGRES; the caller's EXIT trap runs throwaway_postgres_stop.
# Needs root: it installs PostgreSQL with apt when missing and runs the server as the postgres user.

throwaway_pg_root=""
throwaway_pg_bin=""

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

throwaway_postgres_start() {
  if [ "$(id -u)" != 0 ]; then
    echo "set HOOKGATE_TEST_POSTGRES to a PostgreSQL connection string, or run as root to start a throwaway one" >&2
    return 1
  fi
  throwaway_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$throwaway_pg_bin" ]; then
    echo "installing PostgreSQL..." >&2
    apt_install postgresql
    throwaway_pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  throwaway_pg_root="$(mktemp -d /tmp/hookgate-pg.XXXXXX)"
  chown postgres:postgres "$throwaway_pg_root"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  su postgres -s /bin/sh -c "'$throwaway_pg_bin/initdb' -D '$throwaway_pg_root/data' -U postgres -A trust --no-sync -E UTF8" >/dev/null
  su postgres -s /bin/sh -c "'$throwaway_pg_bin/pg_ctl' -D '$throwaway_pg_root/data' -l '$throwaway_pg_root/server.log' -w -t 30 \
    -o '-p $port -k $throwaway_pg_root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300' start" >/dev/null
  export HOOKGATE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$throwaway_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

throwaway_postgres_stop() {
  if [ -n "$throwaway_pg_root" ] && [ -f "$throwaway_pg_root/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "'$throwaway_pg_bin/pg_ctl' -D '$throwaway_pg_root/data' -m immediate -w -t 20 stop" >/dev/null 2>&1 \
      || kill -9 "$(head -n 1 "$throwaway_pg_root/data/postmaster.pid")" 2>/dev/null || true
  fi
  if [ -n "$throwaway_pg_root" ]; then rm -rf "$throwaway_pg_root"; fi
  throwaway_pg_root=""
}
