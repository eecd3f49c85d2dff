#!/usr/bin/env bash
# A one-node SLURM cluster on localhost, for tests and for trying `chextransfer slurm` on a laptop.
# Runs as root without systemd: munged (as the munge user), slurmctld and slurmd in the foreground
# of background processes whose PIDs are kept in STATE/pids, on free ports off 6817/6818.
#
#   scripts/slurm/local-cluster.sh start STATE   # prints "export SLURM_CONF=STATE/slurm.conf"
#   scripts/slurm/local-cluster.sh stop STATE    # stops every daemon by PID (TERM, then KILL)
#   scripts/slurm/local-cluster.sh logs STATE    # the daemons' logs, for a failed test
#
# Needs Debian's slurm-wlm and munge (apt-get install --no-install-recommends slurm-wlm munge).
# STATE must be a path the munge user can reach (not under /root): munged drops to that user.
# Facts this relies on (measured on Debian 12, slurm-wlm 22.05, munge 0.5.15): munged's socket
# folder must be mode 755; without DefMemPerCPU every job takes the whole node's memory (so only
# one runs at a time); proctrack/linuxproc and task/none need no cgroups; NodeName must be
# `hostname -s`; `afterok` never starts when a task fails, so the collect step uses `afterany`.
set -euo pipefail

cmd=${1:-}
state=${2:-}
if [ -z "$cmd" ] || [ -z "$state" ]; then
  echo "usage: $0 start|stop|logs STATE_DIR" >&2
  exit 2
fi

stop_all() {
  local pidfile="$state/pids"
  [ -f "$pidfile" ] || return 0
  # Jobs first, through the controller, so their steps end too (slurmstepd outlives slurmd).
  if [ -f "$state/slurm.conf" ] && SLURM_CONF="$state/slurm.conf" scontrol ping >/dev/null 2>&1; then
    SLURM_CONF="$state/slurm.conf" scancel --quiet --full -u "$(id -un)" 2>/dev/null || true
    for _ in $(seq 1 100); do
      [ -z "$(SLURM_CONF="$state/slurm.conf" squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  # Reverse order: slurmd, slurmctld, then munged (the others need it to say goodbye).
  tac "$pidfile" | while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "local-cluster: $name ($pid) ignored TERM; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  done
  rm -f "$pidfile"
}

show_logs() {
  for f in "$state"/log/*.log; do
    [ -f "$f" ] || continue
    echo "===== $f (last 60 lines)"
    tail -n 60 "$f"
  done
}

free_port() {
  # A port nobody listens on, from a range clear of SLURM's defaults and of ephemeral ports.
  local used port
  # Local ports in use, from the kernel's tables (hex), so iproute2 is not needed.
  used=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk 'NR > 1 && $2 ~ /:/ { split($2, a, ":"); print a[2] }' |
    while read -r hex; do echo $((16#$hex)); done | sort -u)
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! grep -qx "$port" <<<"$used" && ! grep -qx "$port" <<<"${taken:-}"; then
      taken="${taken:-}"$'\n'"$port"
      echo "$port"
      return 0
    fi
  done
  echo "local-cluster: no free port found" >&2
  return 1
}

start_daemon() {
  # start_daemon NAME COMMAND...: runs it in the background, records its PID.
  local name=$1
  shift
  setsid "$@" >>"$state/log/$name.out" 2>&1 </dev/null &
  echo "$name $!" >>"$state/pids"
}

wait_for() {
  # wait_for WHAT SECONDS COMMAND...: retries COMMAND until it succeeds.
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "local-cluster: $what did not come up within ${seconds}s" >&2
  return 1
}

start_all() {
  case "$state" in /root | /root/*)
    echo "local-cluster: $state is under /root, which the munge user cannot reach" >&2
    exit 2
    ;;
  esac
  if [ "$(id -u)" != 0 ]; then
    echo "local-cluster: run as root (the daemons need it; no systemd is used)" >&2
    exit 2
  fi
  for tool in munged mungekey slurmctld slurmd sbatch runuser awk; do
    command -v "$tool" >/dev/null || { echo "local-cluster: $tool not found (apt-get install --no-install-recommends slurm-wlm munge)" >&2; exit 2; }
  done
  [ -f "$state/pids" ] && stop_all
  mkdir -p "$state"/{munge,log,spool,ctld}
  state=$(cd "$state" && pwd)
  chmod 755 "$state" "$state/log"
  trap 'echo "local-cluster: start failed; stopping what started" >&2; show_logs >&2; stop_all' ERR

  # munge: its own key and socket, owned by the munge user, in a 755 folder.
  chown munge: "$state/munge" "$state/log"
  chmod 755 "$state/munge"
  [ -f "$state/munge/munge.key" ] || runuser -u munge -- mungekey --create --keyfile="$state/munge/munge.key"
  chmod 400 "$state/munge/munge.key"
  local socket="$state/munge/munge.socket"
  start_daemon munged runuser -u munge -- munged --foreground --force \
    --socket="$socket" --key-file="$state/munge/munge.key" \
    --pid-file="$state/munge/munged.pid" --seed-file="$state/munge/munged.seed" \
    --log-file="$state/log/munged.log"
  wait_for munged 10 test -S "$socket"

  local host ctld_port slurmd_port node_line mem
  host=$(hostname -s)
  ctld_port=${SLURMCTLD_PORT:-$(free_port)}
  slurmd_port=${SLURMD_PORT:-$(free_port)}
  # The node as slurmd sees it (CPUs, sockets, cores, memory), addressed on loopback.
  node_line=$(slurmd -C | head -n 1)
  mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$node_line")
  cat >"$state/slurm.conf" <<EOF
ClusterName=chextransfer-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire also sets how long a requeued job waits before it may start again (default 120 s).
AuthInfo=socket=$socket,cred_expire=10
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/ctld/slurmctld.pid
SlurmdPidFile=$state/spool/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$((mem / 4))
SchedulerType=sched/backfill
SchedulerParameters=defer_batch=0
MpiDefault=none
ReturnToService=2
JobRequeue=1
KillWait=5
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$state/slurm.conf"
  start_daemon slurmctld slurmctld -D -i -f "$SLURM_CONF"
  wait_for slurmctld 30 scontrol ping
  start_daemon slurmd slurmd -D -f "$SLURM_CONF" -N "$host"
  wait_for "slurmd (node $host idle)" 60 bash -c "sinfo -h -N -o %t | grep -qE '^(idle|mix|alloc)'"
  trap - ERR
  echo "export SLURM_CONF=$SLURM_CONF"
}

case "$cmd" in
  start) start_all ;;
  stop) stop_all ;;
  logs) show_logs ;;
  *) echo "usage: $0 start|stop|logs STATE_DIR" >&2; exit 2 ;;
esac
