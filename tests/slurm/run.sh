#!/usr/bin/env bash
# Integration test on a real single-node Slurm (Debian's slurmd, slurmctld, slurm-client and munge), run from .ci/run.
# Installs the packages when missing (needs root and apt), starts munged/slurmctld/slurmd on loopback with a
# configuration of its own (SLURM_CONF under a temporary folder; /etc/slurm is not touched), submits the staged DAG
# tests/slurm/staged.json with `pipeline submit slurm` (stage 1, the bucket array, the edge clustering, stage 3, merge)
# and checks:
#   all jobs complete; the outputs equal the single-process run; a resubmission skips every task;
#   a corrupt input fails only its task, and fixing it and resubmitting that index alone completes the run;
#   scancel gives exit code 130 and leaves no completion marker.
# It stops only the daemons it started, by PID. Exit 0 passed, 1 failed, 77 skipped (the reason is printed).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T0=$(date +%s)
log() { echo "[slurm-test +$(( $(date +%s) - T0 ))s] $*"; }
skip() { echo "SKIP slurm integration test: $*"; exit 77; }
FAILS=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then log "ok   $what"; else log "FAIL $what"; FAILS=$((FAILS + 1)); fi
}

[ "$(uname -s)" = Linux ] || skip "not Linux"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || skip "Slurm is not installed and installing it needs root"
  command -v apt-get >/dev/null || skip "Slurm is not installed and there is no apt-get"
  log "installing slurmd slurmctld slurm-client munge"
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends slurmd slurmctld slurm-client munge) >/dev/null 2>&1 \
    || skip "apt-get could not install slurmd slurmctld slurm-client munge (no network or no Debian archive?)"
fi
[ "$(id -u)" = 0 ] || skip "starting slurmd needs root"
for d in slurmctld slurmd; do
  pid=$(pgrep -x "$d" | head -1)
  [ -z "$pid" ] || skip "a $d (PID $pid) already runs on this machine; this test starts its own and will not share or stop it"
done

BASE=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-slurm.XXXXXX")
mkdir -p "$BASE"/{state,spool,log,run}
chmod 755 "$BASE"
STARTED=()
stop_daemons() {
  local i
  # jobs of this test still queued or running end first (their slurmstepd would outlive slurmd otherwise)
  if [ ${#STARTED[@]} -gt 0 ] && command -v squeue >/dev/null; then
    local left; left=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
    if [ -n "$left" ]; then scancel $left 2>/dev/null; for i in $(seq 30); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done; fi
  fi
  for (( i=${#STARTED[@]}-1; i>=0; i-- )); do
    local name=${STARTED[$i]%%:*} pid=${STARTED[$i]#*:}
    if kill "$pid" 2>/dev/null; then
      local n; for n in $(seq 100); do kill -0 "$pid" 2>/dev/null && ! ps -o stat= -p "$pid" | grep -q Z || break; sleep 0.1; done
      log "stopped $name (PID $pid)"
    fi
  done
  STARTED=()
}
trap 'stop_daemons' EXIT

# munge: reuse a running munged (not ours to stop), else start one
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  log "munged already running; using it"
else
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key >/dev/null 2>&1 \
    || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
  chown munge:munge /etc/munge/munge.key; chmod 600 /etc/munge/munge.key
  install -d -o munge -g munge -m 755 /run/munge
  rm -f /run/munge/munged.pid
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid || skip "munged does not start"
  for i in $(seq 20); do [ -s /run/munge/munged.pid ] && break; sleep 0.2; done
  [ -s /run/munge/munged.pid ] || { echo "munged wrote no PID file" >&2; exit 1; }
  STARTED+=("munged:$(cat /run/munge/munged.pid)")
  munge -n | unmunge >/dev/null || { echo "munge does not work" >&2; exit 1; }
fi

export SLURM_CONF="$BASE/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=pipelinetest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$BASE/log/jobcomp.txt
MinJobAge=3600
KillWait=10
InactiveLimit=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
/usr/sbin/slurmctld -i -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmctld does not start (see $BASE/log/slurmctld.log)"
for i in $(seq 50); do [ -s "$BASE/run/slurmctld.pid" ] && break; sleep 0.1; done
STARTED+=("slurmctld:$(cat "$BASE/run/slurmctld.pid")")
/usr/sbin/slurmd -N localhost -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmd does not start (see $BASE/log/slurmd.log)"
for i in $(seq 50); do [ -s "$BASE/run/slurmd.pid" ] && break; sleep 0.1; done
STARTED+=("slurmd:$(cat "$BASE/run/slurmd.pid")")
for i in $(seq 60); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.5; done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || { echo "Slurm node not idle; see $BASE/log" >&2; exit 1; }
log "Slurm up: $(sinfo -h -o '%P %D %T %c CPUs') (munged/slurmctld/slurmd started: ${STARTED[*]})"

# the pipeline, as built by the test run (Debug) or built here
DLL="$ROOT/src/Cli/bin/Debug/net10.0/pipeline.dll"
if [ ! -f "$DLL" ]; then
  log "building src/Cli"
  dotnet build "$ROOT/src/Cli" -v q -nologo >/dev/null || { echo "dotnet build src/Cli failed" >&2; exit 1; }
fi
DOTNET=$(command -v dotnet)
PIPELINE=("$DOTNET" "$DLL")
pipeline() { "${PIPELINE[@]}" "$@"; }

W="$BASE/work"
mkdir -p "$W"
cp "$HERE/staged.json" "$HERE/generate.json" "$HERE/slow.json" "$W/"
cd "$W"
for i in 0 2 4 6; do
  pipeline run generate.json --task-index $i --task-count 8 --quiet >/dev/null & p=$!
  pipeline run generate.json --task-index $((i + 1)) --task-count 8 --quiet >/dev/null || { echo "generating inputs failed" >&2; exit 1; }
  wait $p || { echo "generating inputs failed" >&2; exit 1; }
done
log "inputs: $(ls inputs/*.warc.gz | wc -l) WARC files, $(du -sh inputs | cut -f1)"

# reference: the same DAG in one process (stage 1, clustering, stage 3 in turn)
mkdir -p single && cp -r inputs staged.json single/
(cd single && pipeline run staged.json --quiet >/dev/null) || { echo "single-process run failed" >&2; exit 1; }
log "single-process run: $(cat single/out/kept/*.jsonl | wc -l) kept, $(cat single/out/duplicates*.jsonl | wc -l) near duplicates"

# job states: "JOBID[_TASK] STATE EXIT RUNTIME" per job (array tasks one line each)
raw() { local id; for id in "$@"; do scontrol show job -o "$id" 2>/dev/null; done; }
states() { raw "$@" | awk '{ jid=""; aj=""; at=""; st=""; ex=""; rt="";
    for (i=1;i<=NF;i++) { split($i, kv, "="); k=kv[1]; v=substr($i, length(k)+2);
      if (k=="JobId") jid=v; else if (k=="ArrayJobId") aj=v; else if (k=="ArrayTaskId") at=v;
      else if (k=="JobState") st=v; else if (k=="ExitCode") ex=v; else if (k=="RunTime") rt=v }
    print (aj != "" ? aj "_" at : jid), st, ex, rt }' | sort -u -V; }
# waits until none of the jobs is pending or running (a job whose dependency can never be met counts as settled)
wait_jobs() {
  local deadline=$(( $(date +%s) + ${WAIT_MAX:-150} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(raw "$@" | grep -v 'Reason=DependencyNeverSatisfied' | grep -cE 'JobState=(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED)')" -gt 0 ] || return 0
    sleep 1
  done
  return 1
}
submit() { # submit OUTFILE ARGS... -> job ids in order (one per line) in OUTFILE
  local out=$1; shift
  pipeline submit slurm "$@" > "$out.txt" 2>&1 || { cat "$out.txt"; return 1; }
  cut -f2 "$out.txt" > "$out"
}
all_completed() { states "$@" | awk '$2 != "COMPLETED" || $3 != "0:0" {bad=1} END {exit bad}'; }
same_outputs() { # same_outputs DIR: kept, duplicates and rejected documents as multisets, vs the single-process run
  local d=$1 ok=0
  for stem in kept/documents duplicates rejected; do
    cmp -s <(cat "$W"/single/out/$stem.jsonl | sort) <(cat "$d"/out/$stem*.jsonl | sort) || { log "  differs: $stem"; ok=1; }
  done
  return $ok
}

# 1. a corrupt input fails only its task (files 4 and 5 of 8 are task 2's block; the DAG says on_error: fail)
f=inputs/crawl.task-0005.warc.gz; cp "$f" "$W/good.warc.gz"; head -c 20000 /dev/urandom > "$f"
t=$(date +%s)
submit ids1 staged.json --tasks 4 --bucket-tasks 3 --memory-per-task 1G || { echo "submit failed" >&2; exit 1; }
log "submitted: $(tr '\n' ' ' < ids1.txt | tr '\t' ' ')"
wait_jobs $(cat ids1) || log "jobs still running after the wait"
log "run with a corrupt input took $(( $(date +%s) - t ))s; jobs:"; states $(cat ids1) | sed 's/^/    /'
stage1=$(head -1 ids1)
check "only task 2 failed (exit 1), tasks 0, 1, 3 completed" \
  test "$(states "$stage1" | awk '{print $1, $2, $3}' | sort | tr '\n' ' ')" = "${stage1}_0 COMPLETED 0:0 ${stage1}_1 COMPLETED 0:0 ${stage1}_2 FAILED 1:0 ${stage1}_3 COMPLETED 0:0 "
check "the rest of the chain was cancelled (afterok never satisfied)" test "$(states $(tail -n +2 ids1) | awk '{print $2}' | sort -u | tr '\n' ' ')" = "CANCELLED "
check "the failed task left no marker, the others did" test ! -e out/_tasks/stage1.task-0002-of-0004.done -a -e out/_tasks/stage1.task-0003-of-0004.done
check "the failed task's log names the file" grep -q 'crawl.task-0005.warc.gz' out/_logs/stage1/task-2.log

# 2. fixing the file and resubmitting that index alone (then the rest of the chain) completes the run
cp "$W/good.warc.gz" "$f"
t=$(date +%s)
j1=$(sbatch --parsable --array=2 out/_submit/stage1.sbatch | cut -d';' -f1)
jb=$(sbatch --parsable --dependency=afterok:$j1 out/_submit/buckets.sbatch | cut -d';' -f1)
j2=$(sbatch --parsable --dependency=afterok:$jb out/_submit/cluster.sbatch | cut -d';' -f1)
j3=$(sbatch --parsable --dependency=afterok:$j2 out/_submit/stage3.sbatch | cut -d';' -f1)
j4=$(sbatch --parsable --dependency=afterok:$j3 out/_submit/merge.sbatch | cut -d';' -f1)
log "resubmitted index 2 alone: sbatch --array=2 stage1.sbatch -> $j1, then buckets $jb, cluster $j2, stage3 $j3, merge $j4"
wait_jobs $j1 $jb $j2 $j3 $j4 || log "jobs still running after the wait"
log "completing the run took $(( $(date +%s) - t ))s; jobs:"; states $j1 $jb $j2 $j3 $j4 | sed 's/^/    /'
check "all jobs completed with exit 0" all_completed $j1 $jb $j2 $j3 $j4
check "the bucket stage ran as an array of 3 tasks, each writing its edge file" \
  test "$(ls out/dedup/edges/edges.bucket-*.mhedg | wc -l)" = 3 -a -s out/_logs/buckets/task-2.log
check "outputs equal the single-process run (kept, duplicates, rejected)" same_outputs .
check "merged ledger and stats exist" test -s out/provenance.duckdb -a -s out/stats.json
check "per-task logs in out/_logs/{stage1,stage3}/task-I.log" test -s out/_logs/stage1/task-0.log -a -s out/_logs/stage1/task-3.log -a -s out/_logs/stage3/task-2.log

# 3. resubmitting the whole run skips every task
t=$(date +%s)
submit ids2 staged.json --tasks 4 --bucket-tasks 3 --memory-per-task 1G || { echo "submit failed" >&2; exit 1; }
wait_jobs $(cat ids2) || log "jobs still running after the wait"
log "resubmission took $(( $(date +%s) - t ))s; jobs:"; states $(cat ids2) | sed 's/^/    /'
check "resubmission completed" all_completed $(cat ids2)
check "resubmission skipped all 8 stage tasks" test "$(grep -l 'already completed' out/_logs/stage1/task-*.log out/_logs/stage3/task-*.log | wc -l)" = 8
check "outputs still equal the single-process run" same_outputs .

# 4. scancel: exit code 130 and no marker
mkdir -p x && cp slow.json x/ && cd x
submit ids4 slow.json --tasks 2 || { echo "submit failed" >&2; exit 1; }
arr=$(head -1 ids4)
for i in $(seq 60); do grep -q 'run slurm-slow' out/_logs/tasks/task-1.log 2>/dev/null && break; sleep 0.5; done
sleep 2
t=$(date +%s)
scancel "$arr"
WAIT_MAX=30 wait_jobs $(cat ids4)
log "scancel: ended $(( $(date +%s) - t ))s after the signal; jobs:"; states $(cat ids4) | sed 's/^/    /'
check "scancelled tasks exited with 130" test "$(states "$arr" | awk '{print $3}' | sort -u | tr '\n' ' ')" = "130:0 "
check "the logs say cancelled" grep -q cancelled out/_logs/tasks/task-1.log
check "no completion marker after scancel" test -z "$(ls out/_tasks/*.done 2>/dev/null)"
cd "$W"

log "wall time $(( $(date +%s) - T0 ))s; $FAILS failure(s)"
if [ "$FAILS" -gt 0 ]; then
  echo "--- slurmctld log (tail)"; tail -20 "$BASE/log/slurmctld.log"
  for f in $(ls "$W"/c/out/_logs/*/*.log "$W"/out/_logs/*.log 2>/dev/null | head -6); do echo "--- $f"; tail -5 "$f"; done
  exit 1
fi
echo "slurm integration test passed"
trap - EXIT
stop_daemons
rm -rf "$BASE"
