# Shared by the local-cluster commands. Sourced, not run.
# Layout of the run folder (kept between runs; `down --wipe` removes it):
#   .run/classpath/  resolved classpaths     .run/pids/   one PID file per process
#   .run/logs/       one log per process     .run/kafka-data/, checkpoints/, savepoints/
#   .run/zookeeper-data/, ha/   the JobManager's high-availability records (which jobs run, their latest checkpoints)

LC_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$LC_HOME/.." && pwd)
# Overridable so a test can run a second cluster beside a developer's (other folder, free ports).
RUN_DIR="${INTEGRITY_RUN_DIR:-$LC_HOME/.run}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
KAFKA_PORT="${INTEGRITY_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${INTEGRITY_CONTROLLER_PORT:-9093}"
FLINK_REST_PORT="${INTEGRITY_FLINK_PORT:-8081}"
FLINK_RPC_PORT="${INTEGRITY_FLINK_RPC_PORT:-6123}"
ZOOKEEPER_PORT="${INTEGRITY_ZOOKEEPER_PORT:-2181}"
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
FLINK_REST="http://127.0.0.1:$FLINK_REST_PORT"
CONSOLE_PORT="${INTEGRITY_CONSOLE_PORT:-8090}"
CONSOLE_URL="http://127.0.0.1:$CONSOLE_PORT"
PROCESSES=(kafka zookeeper jobmanager taskmanager-1 taskmanager-2 review-console)

# The --add-opens/--add-exports list of Flink's own distribution: Flink reflects into these.
FLINK_JVM_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_java() {
  JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found: install a JDK 17 or newer, or set JAVA_HOME"
  local v
  v=$("$JAVA" -version 2>&1 | head -n1 | sed -E 's/.*version "([0-9]+).*/\1/')
  [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 17 )) || die "java 17 or newer is needed; '$JAVA' is version '$v'"
}

need_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Apache Maven 3.8 or newer"
}

# Under `flock /tmp/mvn.lock`, a long harness (benchmark, drill) inherits the lock's file descriptor
# and every process it starts would too: a broker or TaskManager left running would then hold the
# build lock after the harness ends. flock itself keeps the lock until the harness exits; close our copies.
close_build_lock() {
  local fd_path fd
  for fd_path in /proc/$$/fd/*; do
    fd=${fd_path##*/}
    if [[ "$fd" =~ ^[0-9]+$ && "$fd" -gt 2 && "$(readlink "$fd_path" 2>/dev/null)" == */mvn.lock ]]; then
      eval "exec $fd>&-"
    fi
  done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_of() { [[ -f "$PID_DIR/$1.pid" ]] && cat "$PID_DIR/$1.pid"; }

# A process is ours when its PID file names a live process whose command line carries our marker,
# so a PID reused by the system is never mistaken for (or killed as) one of ours.
is_running() {
  local pid
  pid=$(pid_of "$1") || return 1
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Dintegrity.process=$1 "
}

# Copies a config template, filling in the run folder and ports.
render() {
  sed -e "s#@RUN_DIR@#$RUN_DIR#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
      -e "s#@FLINK_PORT@#$FLINK_REST_PORT#g" -e "s#@FLINK_RPC_PORT@#$FLINK_RPC_PORT#g" -e "s#@ZOOKEEPER_PORT@#$ZOOKEEPER_PORT#g" "$1" >"$2"
}

# Builds what changed since the last build: job jars, tools, simulator. Skips Maven when nothing did.
ensure_built() {
  need_mvn
  if [[ "${INTEGRITY_SKIP_BUILD:-0}" == 1 ]]; then
    return  # the caller (a Maven test) has just built everything
  fi
  local stamp="$REPO_ROOT/local-cluster/.run/build.stamp"
  mkdir -p "$(dirname "$stamp")"
  local jars=("$REPO_ROOT"/jobs/{retention,fake-traffic,enforcement}/target/*-job.jar "$LC_HOME"/target/local-cluster-*.jar
    "$REPO_ROOT"/review-console/target/review-console-*.jar)
  local missing=0
  for j in "${jars[@]}"; do [[ -f "$j" ]] || missing=1; done
  [[ -f "$LC_HOME/target/tools.classpath" && -f "$REPO_ROOT/review-console/target/console.classpath" ]] || missing=1
  if (( missing == 0 )) && [[ -f "$stamp" ]] && [[ -z $(find "$REPO_ROOT/pom.xml" "$REPO_ROOT/schemas" "$REPO_ROOT/jobs" "$REPO_ROOT/review-console" "$LC_HOME/pom.xml" "$LC_HOME/src" "$LC_HOME/simulator" \
        -newer "$stamp" -not -path '*/target/*' -type f -print -quit 2>/dev/null) ]]; then
    say "build: up to date"
    return
  fi
  say "build: mvn -DskipTests package (first run downloads dependencies; a few minutes)"
  (cd "$REPO_ROOT" && mvn -B -q -DskipTests package) >"$(dirname "$stamp")/build.log" 2>&1 \
    || { tail -n 40 "$(dirname "$stamp")/build.log" >&2; die "build failed; full log: $(dirname "$stamp")/build.log"; }
  touch "$stamp"
}

tools_classpath() {
  local jar
  jar=$(ls "$LC_HOME"/target/local-cluster-*.jar 2>/dev/null | grep -v -- '-tests' | head -n1)
  [[ -n "$jar" ]] || die "tools not built: run local-cluster/bin/up (it builds them)"
  printf '%s:%s' "$jar" "$(cat "$LC_HOME/target/tools.classpath")"
}

# run_java CLASS ARGS...: runs a tool class (fully qualified) on the tools classpath.
run_java() {
  local cls=$1; shift
  "$JAVA" -Dlog4j2.configurationFile="$LC_HOME/conf/log4j2-tools.properties" -cp "$(tools_classpath)" "$cls" "$@"
}

# run_tool NAME ARGS...: a cluster tool (com.creatormarket.integrity.cluster.NAME).
run_tool() {
  local cls=$1; shift
  run_java "com.creatormarket.integrity.cluster.$cls" "$@"
}

# Resolves a runtime's classpath (kafka or flink) once, from local-cluster/runtime/<name>/pom.xml.
runtime_classpath() {
  local name=$1 pom="$LC_HOME/runtime/$1/pom.xml" cp_dir="$LC_HOME/.run/classpath"
  local out="$cp_dir/$1.txt"
  mkdir -p "$cp_dir"
  if [[ ! -s "$out" || "$pom" -nt "$out" || "$REPO_ROOT/pom.xml" -nt "$out" ]]; then
    say "classpath: resolving the $name runtime from Maven (first run downloads it)" >&2
    (cd "$REPO_ROOT" && mvn -B -q -N install >/dev/null 2>&1 || true)
    mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >"$cp_dir/$1.log" 2>&1 \
      || { tail -n 20 "$cp_dir/$1.log" >&2; die "cannot resolve the $name classpath; log: $cp_dir/$1.log"; }
  fi
  cat "$out"
}

# start NAME LOGFILE COMMAND...: starts a process in the background with our marker and records its PID.
start_process() {
  local name=$1; shift
  mkdir -p "$PID_DIR" "$LOG_DIR"
  (
    # Close every descriptor the caller holds beyond stdio: a long-lived server must not inherit,
    # say, a build lock taken with flock and keep it after the caller is gone.
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      (( fd > 2 )) && eval "exec $fd>&-" 2>/dev/null
    done
    exec nohup "$@" >"$LOG_DIR/$name.out" 2>&1 </dev/null
  ) &
  echo $! >"$PID_DIR/$name.pid"
}

# stop_process NAME: stops a process `up` started (by its PID file): TERM, then KILL after 30 s.
stop_process() {
  local name=$1 pid
  if ! is_running "$name"; then
    rm -f "$PID_DIR/$name.pid"; return
  fi
  pid=$(pid_of "$name")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    is_running "$name" || break
    sleep 0.5
  done
  if is_running "$name"; then
    say "$name: did not stop in 30 s, killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_DIR/$name.pid"
  say "$name: stopped (pid $pid)"
}

# start_console: the review console (review-console/README.md) against this cluster's broker, its
# store an H2 file in the run folder, users from conf/review-console-users.properties. Decisions
# carry the pipeline's event time: the local cluster runs simulated traffic, not today's.
start_console() {
  if is_running review-console; then
    say "review console: already running ($CONSOLE_URL)"; return
  fi
  if port_in_use "$CONSOLE_PORT"; then
    die "port $CONSOLE_PORT (review console) is taken by another process; free it or set INTEGRITY_CONSOLE_PORT"
  fi
  local jar
  jar=$(ls "$REPO_ROOT"/review-console/target/review-console-*.jar 2>/dev/null | grep -v -- '-tests' | head -n1)
  [[ -n "$jar" ]] || die "review console not built: run local-cluster/bin/up (it builds it)"
  mkdir -p "$RUN_DIR/review-console"
  start_process review-console "$JAVA" -Dintegrity.process=review-console -Xmx512m \
    -Dlog4j2.configurationFile="$LC_HOME/conf/log4j2-tools.properties" \
    -cp "$jar:$(cat "$REPO_ROOT/review-console/target/console.classpath")" com.creatormarket.integrity.console.ReviewConsole \
    --console.port "$CONSOLE_PORT" --console.jdbc-url "jdbc:h2:file:$RUN_DIR/review-console/store" \
    --console.users-file "$LC_HOME/conf/review-console-users.properties" --console.decision-time PIPELINE \
    --kafka.bootstrap-servers "$KAFKA_BOOTSTRAP"
  wait_until 60 "the review console on $CONSOLE_PORT" review-console port_in_use "$CONSOLE_PORT"
  say "review console: $CONSOLE_URL (pid $(pid_of review-console); local users in README.md, Local cluster)"
}

# wait_until SECONDS WHAT PROCESS COMMAND...: polls COMMAND until it succeeds; fails fast if PROCESS died.
wait_until() {
  local seconds=$1 what=$2 process=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$process" ]] && ! is_running "$process"; then
      say "---- last lines of $LOG_DIR/$process.log / .out ----" >&2
      tail -n 25 "$LOG_DIR/$process.log" 2>/dev/null >&2; tail -n 15 "$LOG_DIR/$process.out" 2>/dev/null >&2
      die "$process exited before $what"
    fi
    (( SECONDS < deadline )) || die "timed out after ${seconds}s waiting for $what; logs: $LOG_DIR"
    sleep 0.5
  done
}
