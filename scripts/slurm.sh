#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine (Debian's slurm-wlm + munge): slurmctld and slurmd on localhost,
# no cgroups, no accounting database. The tests of `--launcher slurm` and `.ci/run` start it and stop it; a user
# can try sweeps on Slurm with it before using a cluster of their own.
#
#   bash scripts/slurm.sh up       install the packages if missing, write the config, start munged, slurmctld, slurmd
#                                  and wait until the node is idle (idempotent: a running cluster is left running)
#   bash scripts/slurm.sh down     stop the three daemons
#   bash scripts/slurm.sh status   "up" or "down" (exit 0 / 1)
#   eval "$(bash scripts/slurm.sh env)"   point sbatch, squeue, scancel, sinfo at this cluster (SLURM_CONF)
#
# State, config and logs live in ${WB_SLURM_DIR:-/tmp/wb-slurm}; nothing under /etc/slurm is written, so a
# machine's own cluster config is never touched. Needs root (the daemons run as root; munged as user munge).
set -euo pipefail
WB_STEP=slurm
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

DIR="${WB_SLURM_DIR:-/tmp/wb-slurm}"
CONF="$DIR/slurm.conf"
NODE="$(hostname -s)"
export SLURM_CONF="$CONF"

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (Debian)"
  sudo_ apt-get update -q
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  for p in "${missing[@]}"; do
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || die "package $p is still not installed"
  done
}

write_config() {
  mkdir -p "$DIR/state" "$DIR/spool"
  local cpus mem
  cpus="$(nproc)"
  mem="$(awk '/MemTotal/ { print int($2 / 1024) - 1024 }' /proc/meminfo)"   # MiB, 1 GiB left to the system
  cat > "$CONF.tmp" <<EOF
# written by scripts/slurm.sh: a one-node cluster on $NODE
ClusterName=wb
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
KillWait=10
MinJobAge=300
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

munge_up() { [ -S /run/munge/munge.socket.2 ] && munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
cluster_up() { pid_alive "$DIR/slurmctld.pid" && pid_alive "$DIR/slurmd.pid" && scontrol ping 2>/dev/null | grep -q 'is UP'; }

up() {
  command -v dpkg >/dev/null 2>&1 || die "dpkg not found: scripts/slurm.sh starts Debian's slurm-wlm; elsewhere start a Slurm cluster yourself and set SLURM_CONF"
  install_packages
  if cluster_up; then log "already up: $NODE ($CONF)"; return 0; fi
  write_config
  if ! munge_up; then
    [ -f /etc/munge/munge.key ] || sudo_ runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
    sudo_ mkdir -p /run/munge /var/log/munge /var/lib/munge
    sudo_ chown munge:munge /run/munge /var/log/munge /var/lib/munge
    sudo_ runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge_up && break; sleep 0.1; done
    munge_up || die "munged did not start (see /var/log/munge/munged.log)"
  fi
  pid_alive "$DIR/slurmctld.pid" || sudo_ env SLURM_CONF="$CONF" /usr/sbin/slurmctld -c   # -c: no state from an older run
  pid_alive "$DIR/slurmd.pid" || sudo_ env SLURM_CONF="$CONF" /usr/sbin/slurmd
  for _ in $(seq 150); do
    if scontrol ping 2>/dev/null | grep -q 'is UP' && sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      log "up: node $NODE idle, $(nproc) CPUs ($CONF)"
      return 0
    fi
    sleep 0.2
  done
  die "the cluster did not come up within 30 s: see $DIR/slurmctld.log and $DIR/slurmd.log"
}

down() {
  for d in slurmd slurmctld; do
    if pid_alive "$DIR/$d.pid"; then sudo_ kill "$(cat "$DIR/$d.pid")" || true; fi
  done
  for _ in $(seq 50); do
    pid_alive "$DIR/slurmd.pid" || pid_alive "$DIR/slurmctld.pid" || break
    sleep 0.1
  done
  log "down ($DIR)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if cluster_up; then echo up; else echo down; exit 1; fi ;;
  env) echo "export SLURM_CONF='$CONF'" ;;
  *) echo "usage: bash scripts/slurm.sh up|down|status|env" >&2; exit 2 ;;
esac
