# Start PostgreSQL from Debian's packages on 127.0.0.1 in a temporary data directory; stop it by its own pid.
# Exports EVENTWIRE_TEST_PG_URL for the tests. The server refuses to run as root, so it runs as `postgres`.

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

start_postgres() {
    local bin port
    bin=$(pg_bin)
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
    PG_DATA=$(mktemp -d /tmp/eventwire-pg.XXXXXX)
    chown postgres:postgres "$PG_DATA"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    runuser -u postgres -- "$bin/initdb" -D "$PG_DATA/data" -U postgres -A trust --no-sync >/dev/null
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/log" -w \
        -o "-h 127.0.0.1 -p $port -k $PG_DATA -c fsync=off -c max_connections=200" start >/dev/null
    PG_PID=$(head -n 1 "$PG_DATA/data/postmaster.pid")
    export PG_DATA PG_PID PG_BIN="$bin"
    export EVENTWIRE_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $PG_PID)"
}

stop_postgres() {
    if [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null; then
        kill -INT "$PG_PID"
        while kill -0 "$PG_PID" 2>/dev/null; do sleep 0.1; done
    fi
    [ -n "${PG_DATA:-}" ] && rm -rf "$PG_DATA"
    return 0
}
