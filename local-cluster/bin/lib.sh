# Shared by the local-cluster commands. Sourced, not run.
# Layout of the run folder (kept between runs; `down --wipe` removes it):
#   .run/classpath/  resolved classpaths     .run/pids/   one PID file per process
#   .run/logs/       one log per process     .run/kafka-data/, checkpoints/, savepoints/
#   .run/zookeeper-data/, ha/   the JobManager's high-availability records (which jobs run, their latest checkpoints)
#   .run/secrets/    the broker's TLS key and trust store, every Kafka principal's password and client properties (mode 700)

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
# Kafka asks every client its name (SASL/SCRAM over TLS) and lets it do only what its ACLs allow
# (cluster.KafkaAccess). INTEGRITY_KAFKA_SECURITY=off gives a plaintext broker that asks nobody (the
# benchmark's, to measure the jobs and not TLS).
KAFKA_SECURITY="${INTEGRITY_KAFKA_SECURITY:-on}"
[[ "$KAFKA_SECURITY" == on || "$KAFKA_SECURITY" == off ]] || { printf 'error: INTEGRITY_KAFKA_SECURITY is "%s"; allowed: on, off\n' "$KAFKA_SECURITY" >&2; exit 1; }
SECRETS_DIR="$RUN_DIR/secrets"
# One principal per job, the review console, the order system (reads our outputs), the simulator
# (stands for the platform's producers of the inputs) and admin (topics, ACLs, the operator's tools).
KAFKA_PRINCIPALS=(admin simulator retention fake-traffic enforcement review-console order-system)

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

# Copies a config template, filling in the run folder, ports and (secured broker) the secrets.
render() {
  sed -e "s#@RUN_DIR@#$RUN_DIR#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
      -e "s#@FLINK_PORT@#$FLINK_REST_PORT#g" -e "s#@FLINK_RPC_PORT@#$FLINK_RPC_PORT#g" -e "s#@ZOOKEEPER_PORT@#$ZOOKEEPER_PORT#g" \
      -e "s#@SECRETS_DIR@#$SECRETS_DIR#g" -e "s#@ADMIN_PASSWORD@#$(secret admin)#g" \
      -e "s#@CONTROLLER_PASSWORD@#$(secret controller)#g" -e "s#@STORE_PASSWORD@#$(secret store)#g" "$1" >"$2"
}

# secret NAME: a password from the run folder's secrets (empty on a plaintext broker).
secret() {
  [[ -f "$SECRETS_DIR/passwords" ]] && sed -n "s/^$1=//p" "$SECRETS_DIR/passwords"
  return 0
}

# client_config PRINCIPAL: that principal's Kafka client properties file, or '-' on a plaintext broker.
client_config() {
  if [[ "$KAFKA_SECURITY" == on ]]; then printf '%s' "$SECRETS_DIR/clients/$1.properties"; else printf -- '-'; fi
}

# Generates, once per run folder, a password per principal, the broker's TLS key pair (self-signed,
# for 127.0.0.1) and trust store with the JDK's keytool, and each principal's client properties.
# Never committed: the run folder is ignored by git, and `down --wipe` deletes them with the data.
ensure_kafka_secrets() {
  [[ "$KAFKA_SECURITY" == on ]] || return 0
  [[ -f "$SECRETS_DIR/passwords" ]] && return 0
  if [[ -f "$RUN_DIR/kafka-data/meta.properties" ]]; then
    die "the broker's data in $RUN_DIR/kafka-data was made without credentials (before Kafka security); run local-cluster/bin/down --wipe once, then up"
  fi
  local keytool
  keytool="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/keytool"
  [[ -x "$keytool" ]] || die "keytool not found beside $JAVA: a full JDK is needed for the broker's TLS key"
  rm -rf "$SECRETS_DIR"
  (umask 077 && mkdir -p "$SECRETS_DIR/clients")
  local name pw
  for name in "${KAFKA_PRINCIPALS[@]}" controller store; do
    pw=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32) || true
    printf '%s=%s\n' "$name" "$pw"
  done >"$SECRETS_DIR/passwords.new"
  chmod 600 "$SECRETS_DIR/passwords.new"
  mv "$SECRETS_DIR/passwords.new" "$SECRETS_DIR/passwords"
  local store
  store=$(secret store)
  "$keytool" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 825 -dname "CN=localhost" \
    -ext "SAN=ip:127.0.0.1,dns:localhost" -keystore "$SECRETS_DIR/broker.p12" -storetype PKCS12 \
    -storepass "$store" -keypass "$store" >"$SECRETS_DIR/keytool.log" 2>&1 || { cat "$SECRETS_DIR/keytool.log" >&2; die "keytool could not make the broker's key"; }
  "$keytool" -exportcert -rfc -alias broker -keystore "$SECRETS_DIR/broker.p12" -storepass "$store" \
    -file "$SECRETS_DIR/broker.pem" >>"$SECRETS_DIR/keytool.log" 2>&1 || die "keytool could not export the broker's certificate"
  "$keytool" -importcert -noprompt -alias broker -file "$SECRETS_DIR/broker.pem" -keystore "$SECRETS_DIR/truststore.p12" \
    -storetype PKCS12 -storepass "$store" >>"$SECRETS_DIR/keytool.log" 2>&1 || die "keytool could not make the trust store"
  chmod 600 "$SECRETS_DIR"/*.p12 "$SECRETS_DIR/broker.pem" "$SECRETS_DIR/keytool.log"
  for name in "${KAFKA_PRINCIPALS[@]}"; do
    (umask 077 && cat >"$SECRETS_DIR/clients/$name.properties" <<PROPS
# Kafka client settings of principal '$name' on this local cluster (made by bin/up; secret).
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$name" password="$(secret "$name")";
ssl.truststore.type=PKCS12
ssl.truststore.location=$SECRETS_DIR/truststore.p12
ssl.truststore.password=$store
PROPS
    )
  done
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

# run_java CLASS ARGS...: runs a tool class (fully qualified) on the tools classpath, as the admin
# principal unless the caller names another in INTEGRITY_KAFKA_CLIENT_CONFIG (e.g. the simulator).
run_java() {
  local cls=$1; shift
  INTEGRITY_KAFKA_CLIENT_CONFIG="${INTEGRITY_KAFKA_CLIENT_CONFIG:-$(client_config admin)}" \
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
    --kafka.bootstrap-servers "$KAFKA_BOOTSTRAP" --kafka.client-config "$(client_config review-console)"
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
