#!/usr/bin/env bash
# GoodLoop local Apache Kafka broker (single KRaft node on 127.0.0.1).
#
#   bash deploy/kafka/kafka.sh start    start it (or reuse the one already answering) and wait until ready
#   bash deploy/kafka/kafka.sh stop     stop the broker this script started
#   bash deploy/kafka/kafka.sh status   say whether it runs (exit 0 running, 3 not running)
#
# Needs only bash, coreutils, java (11+) and, the first time, mvn with Maven Central: the
# official Kafka jars are copied into deploy/kafka/lib/ by deploy/kafka/pom.xml.
#
# Environment:
#   KAFKA_BROKERS          an external cluster to use instead; start/stop then do nothing
#   KAFKA_PORT             client port (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   KAFKA_HEAP_OPTS        broker heap (default "-Xms256m -Xmx768m")
#   KAFKA_START_TIMEOUT    seconds to wait for readiness (default 90)
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL (default 30)
#   GOODLOOP_DATA_DIR      data root (default <repo>/.local); Kafka keeps its state in <root>/kafka
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
LIB_DIR="$SCRIPT_DIR/lib"
POM="$SCRIPT_DIR/pom.xml"
TEMPLATE="$SCRIPT_DIR/server.properties"
# Records which pom.xml filled lib/, so that a changed Kafka version re-copies the jars.
LIB_STAMP="$LIB_DIR/.pom.sha256"

HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

DATA_ROOT="${GOODLOOP_DATA_DIR:-$REPO_ROOT/.local}"
case "$DATA_ROOT" in /*) ;; *) DATA_ROOT="$PWD/$DATA_ROOT" ;; esac
STATE_DIR="$DATA_ROOT/kafka"        # everything this script writes at run time
LOG_DIRS="$STATE_DIR/data"          # partitions and the KRaft metadata log
LOGS_DIR="$STATE_DIR/logs"          # server.log, controller.log, kafkaServer.out, GC log
PROPS="$STATE_DIR/server.properties"
LOG4J_PROPS="$STATE_DIR/log4j.properties"
TOOLS_LOG4J_PROPS="$STATE_DIR/tools-log4j.properties"
ADMIN_PROPS="$STATE_DIR/admin-client.properties"
CLUSTER_ID_FILE="$STATE_DIR/cluster.id"
PID_FILE="$STATE_DIR/kafka.pid"
LOCK_FILE="$STATE_DIR/.lock"

# Short-lived JVMs for the storage tool and the readiness probe.
TOOLS_JAVA_OPTS=(-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true)
# The flags Kafka's own start script uses for the broker.
BROKER_JVM_OPTS=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true)

say() { printf '%s\n' "$*"; }
die() { printf 'kafka.sh: %s\n' "$*" >&2; exit 1; }

is_port() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 > 0 && $1 < 65536 )); }
is_port "$KAFKA_PORT" || die "KAFKA_PORT is not a port number: $KAFKA_PORT"
is_port "$KAFKA_CONTROLLER_PORT" || die "KAFKA_CONTROLLER_PORT is not a port number: $KAFKA_CONTROLLER_PORT"
[[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"

# True when something accepts TCP connections on $HOST:$1.
port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# Prints the pid of the broker this script started for this data folder, if it still runs.
broker_pid() {
  [[ -s "$PID_FILE" ]] || return 1
  local pid
  pid="$(<"$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must be our broker, on our configuration file.
  if [[ -r "/proc/$pid/cmdline" ]]; then
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *kafka.Kafka*"$PROPS"* ]] || return 1
  fi
  printf '%s\n' "$pid"
}

# Serialises start/stop for one data folder (flock is part of util-linux; skipped if absent).
take_lock() {
  mkdir -p "$STATE_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$LOCK_FILE"
    if ! flock -w 300 9; then
      die "another kafka.sh holds $LOCK_FILE for more than 300 s"
    fi
  fi
}

need_java() {
  command -v java >/dev/null 2>&1 || die "java is not on PATH (Java 11 or newer is needed; 17 recommended)"
  local version="" major
  [[ "$(java -version 2>&1)" =~ version\ \"([^\"]+)\" ]] && version="${BASH_REMATCH[1]}"
  major="${version%%.*}"
  [[ "$major" == 1 ]] && major="$(cut -d. -f2 <<<"$version")"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 11 )); then
    die "Java $version found; Kafka needs Java 11 or newer"
  fi
}

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

# Fills deploy/kafka/lib/ from Maven (the local ~/.m2 cache first, then Maven Central).
ensure_lib() {
  local want
  want="$(pom_hash)"
  if [[ -f "$LIB_STAMP" && "$(<"$LIB_STAMP")" == "$want" ]] && compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "deploy/kafka/lib is missing and mvn is not on PATH to fetch it"
  # lib/ is shared by every data folder: take a lock of its own (target/ is git-ignored).
  mkdir -p "$SCRIPT_DIR/target"
  (
    if command -v flock >/dev/null 2>&1; then
      exec 8>"$SCRIPT_DIR/target/lib.lock"
      flock -w 600 8 || die "could not lock $SCRIPT_DIR/target/lib.lock"
    fi
    if [[ -f "$LIB_STAMP" && "$(<"$LIB_STAMP")" == "$want" ]]; then
      exit 0
    fi
    say "Fetching the Kafka jars into deploy/kafka/lib (Maven; the first time downloads about 50 MB)..."
    rm -rf "$LIB_DIR"
    local mvn_log="$SCRIPT_DIR/target/copy-dependencies.log"
    if ! mvn -B -q -o -f "$POM" dependency:copy-dependencies >"$mvn_log" 2>&1 8>&- 9>&-; then
      rm -rf "$LIB_DIR"
      if ! mvn -B -q -f "$POM" dependency:copy-dependencies >"$mvn_log" 2>&1 8>&- 9>&-; then
        tail -n 40 "$mvn_log" >&2
        rm -rf "$LIB_DIR"
        die "mvn dependency:copy-dependencies failed (full log: $mvn_log)"
      fi
    fi
    compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null || die "mvn ran but no kafka_2.13 jar is in $LIB_DIR"
    printf '%s\n' "$want" >"$LIB_STAMP"
  )
}

render_config() {
  mkdir -p "$LOG_DIRS" "$LOGS_DIR"
  local content
  content="$(<"$TEMPLATE")"
  content="${content//@@KAFKA_PORT@@/"$KAFKA_PORT"}"
  content="${content//@@KAFKA_CONTROLLER_PORT@@/"$KAFKA_CONTROLLER_PORT"}"
  content="${content//@@LOG_DIRS@@/"$LOG_DIRS"}"
  printf '%s\n' "$content" >"$PROPS.tmp"
  mv -f "$PROPS.tmp" "$PROPS"

  # Broker logs go to files in $LOGS_DIR only; nothing is printed on the terminal.
  cat >"$LOG4J_PROPS" <<'EOF'
# Written by deploy/kafka/kafka.sh on every start: edits here are overwritten.
log4j.rootLogger=INFO, kafkaAppender

log4j.appender.kafkaAppender=org.apache.log4j.RollingFileAppender
log4j.appender.kafkaAppender.File=${kafka.logs.dir}/server.log
log4j.appender.kafkaAppender.MaxFileSize=20MB
log4j.appender.kafkaAppender.MaxBackupIndex=3
log4j.appender.kafkaAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.kafkaAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.appender.controllerAppender=org.apache.log4j.RollingFileAppender
log4j.appender.controllerAppender.File=${kafka.logs.dir}/controller.log
log4j.appender.controllerAppender.MaxFileSize=10MB
log4j.appender.controllerAppender.MaxBackupIndex=2
log4j.appender.controllerAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.controllerAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.appender.stateChangeAppender=org.apache.log4j.RollingFileAppender
log4j.appender.stateChangeAppender.File=${kafka.logs.dir}/state-change.log
log4j.appender.stateChangeAppender.MaxFileSize=10MB
log4j.appender.stateChangeAppender.MaxBackupIndex=2
log4j.appender.stateChangeAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.stateChangeAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka=INFO
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.org.apache.kafka.controller=INFO, controllerAppender
log4j.additivity.org.apache.kafka.controller=false
log4j.logger.state.change.logger=INFO, stateChangeAppender
log4j.additivity.state.change.logger=false
EOF

  # The storage tool and the readiness probe: warnings to a file, not to the terminal.
  cat >"$TOOLS_LOG4J_PROPS" <<'EOF'
# Written by deploy/kafka/kafka.sh: logging of the short-lived Kafka tools it runs.
log4j.rootLogger=WARN, toolsAppender
log4j.appender.toolsAppender=org.apache.log4j.RollingFileAppender
log4j.appender.toolsAppender.File=${kafka.logs.dir}/tools.log
log4j.appender.toolsAppender.MaxFileSize=5MB
log4j.appender.toolsAppender.MaxBackupIndex=1
log4j.appender.toolsAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.toolsAppender.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF

  # Admin client settings for the readiness probe: fail fast, the caller retries.
  cat >"$ADMIN_PROPS" <<'EOF'
request.timeout.ms=5000
default.api.timeout.ms=10000
EOF
}

run_tool() {
  java "${TOOLS_JAVA_OPTS[@]}" \
    -Dlog4j.configuration="file:$TOOLS_LOG4J_PROPS" -Dkafka.logs.dir="$LOGS_DIR" \
    -cp "$LIB_DIR/*" "$@" 9>&-
}

# Formats the storage once; the cluster id is kept in the data folder.
format_storage() {
  [[ -f "$LOG_DIRS/meta.properties" ]] && return 0
  local cluster_id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(<"$CLUSTER_ID_FILE")"
  else
    cluster_id="$(run_tool kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')"
    [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka.tools.StorageTool random-uuid printed an unexpected id: '$cluster_id'"
    printf '%s\n' "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  say "Formatting Kafka storage in $LOG_DIRS (cluster id $cluster_id)..."
  if ! run_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" >"$LOGS_DIR/format.log" 2>&1; then
    cat "$LOGS_DIR/format.log" >&2
    die "formatting the Kafka storage failed"
  fi
}

probe() {
  timeout 30 java "${TOOLS_JAVA_OPTS[@]}" \
    -Dlog4j.configuration="file:$TOOLS_LOG4J_PROPS" -Dkafka.logs.dir="$LOGS_DIR" \
    -cp "$LIB_DIR/*" "$@" --bootstrap-server "$HOST:$KAFKA_PORT" --command-config "$ADMIN_PROPS" 9>&-
}

# True once the broker serves metadata (lists topics) and its group coordinator answers.
# Asking the coordinator about a group also creates __consumer_offsets on a fresh broker,
# so the first consumer group of a service or test does not wait for it.
broker_ready() {
  probe org.apache.kafka.tools.TopicCommand --list >/dev/null 2>&1 || return 1
  local out
  # This command exits 0 even on errors: judge it by what it prints for an unused group.
  out="$(probe org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
    --describe --group goodloop.kafka-sh.readiness 2>&1 || true)"
  [[ "$out" == *"does not exist"* || "$out" == *"has no active members"* ]]
}

# Size of server.log before a start, so that a failure shows only what that start logged.
SERVER_LOG_MARK=0

print_log_tail() {
  local out="$LOGS_DIR/kafkaServer.out" log="$LOGS_DIR/server.log"
  if [[ -s "$out" ]]; then
    printf -- '--- last lines of %s ---\n' "$out" >&2
    tail -n 40 "$out" >&2
  fi
  if [[ -f "$log" ]] && (( $(wc -c <"$log") > SERVER_LOG_MARK )); then
    printf -- '--- last lines of %s ---\n' "$log" >&2
    tail -c +"$((SERVER_LOG_MARK + 1))" "$log" | tail -n 40 >&2
  fi
}

# Waits until broker $1 is ready; stops it and fails if it dies or takes too long.
wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      print_log_tail
      die "the Kafka broker exited during start (logs: $LOGS_DIR)"
    fi
    if port_open "$KAFKA_PORT" && broker_ready; then
      return 0
    fi
    sleep 1
  done
  print_log_tail
  stop_pid "$pid" >/dev/null || true
  rm -f "$PID_FILE"
  die "the Kafka broker was not ready after ${KAFKA_START_TIMEOUT} s (logs: $LOGS_DIR)"
}

# Sends SIGTERM, waits up to KAFKA_STOP_TIMEOUT seconds, then SIGKILL.
stop_pid() {
  local pid="$1" deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      say "Kafka (pid $pid) did not stop within ${KAFKA_STOP_TIMEOUT} s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      local i
      for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      break
    fi
    sleep 0.5
  done
}

cmd_start() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    say "KAFKA_BROKERS is set: using $KAFKA_BROKERS"
    return 0
  fi
  local t0=$SECONDS
  take_lock
  local pid
  if pid="$(broker_pid)"; then
    # Started by this script (maybe by a start that was interrupted): make sure it is ready.
    if ! port_open "$KAFKA_PORT" || ! broker_ready; then
      render_config
      wait_ready "$pid"
    fi
    say "Kafka already running on $HOST:$KAFKA_PORT (pid $pid)"
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    say "Kafka already running on $HOST:$KAFKA_PORT"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_CONTROLLER_PORT (KAFKA_CONTROLLER_PORT) is taken by another program"
  fi

  need_java
  ensure_lib
  render_config
  format_storage

  SERVER_LOG_MARK=0
  [[ -f "$LOGS_DIR/server.log" ]] && SERVER_LOG_MARK="$(wc -c <"$LOGS_DIR/server.log")"
  # A fresh output file per start; older ones are kept once.
  [[ -f "$LOGS_DIR/kafkaServer.out" ]] && mv -f "$LOGS_DIR/kafkaServer.out" "$LOGS_DIR/kafkaServer.out.1"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several JVM flags
  nohup "${launcher[@]}" java $KAFKA_HEAP_OPTS "${BROKER_JVM_OPTS[@]}" \
    "-Xlog:gc*:file=$LOGS_DIR/kafkaServer-gc.log:time,tags:filecount=3,filesize=10M" \
    -Dlog4j.configuration="file:$LOG4J_PROPS" -Dkafka.logs.dir="$LOGS_DIR" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" \
    >"$LOGS_DIR/kafkaServer.out" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"
  say "Starting Kafka (pid $pid, logs in $LOGS_DIR)..."
  wait_ready "$pid"
  say "Kafka ready on $HOST:$KAFKA_PORT (started in $((SECONDS - t0)) s)"
}

cmd_stop() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    say "KAFKA_BROKERS is set ($KAFKA_BROKERS): nothing to stop"
    return 0
  fi
  take_lock
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    if port_open "$KAFKA_PORT"; then
      say "Kafka on $HOST:$KAFKA_PORT was not started by this script for $STATE_DIR: left running"
    else
      say "Kafka is not running"
    fi
    return 0
  fi
  say "Stopping Kafka (pid $pid)..."
  stop_pid "$pid"
  if kill -0 "$pid" 2>/dev/null; then
    die "Kafka (pid $pid) is still running"
  fi
  rm -f "$PID_FILE"
  say "Kafka stopped"
}

cmd_status() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    say "KAFKA_BROKERS is set: using $KAFKA_BROKERS (not managed by this script)"
    return 0
  fi
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$KAFKA_PORT"; then
      say "Kafka running on $HOST:$KAFKA_PORT (pid $pid, data $STATE_DIR)"
    else
      say "Kafka starting (pid $pid, not yet listening on $HOST:$KAFKA_PORT)"
    fi
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    say "Kafka running on $HOST:$KAFKA_PORT (not started by this script for $STATE_DIR)"
    return 0
  fi
  say "Kafka not running"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop && cmd_start ;;
  *)
    printf 'usage: %s start|stop|status|restart\n' "$0" >&2
    exit 2
    ;;
esac
