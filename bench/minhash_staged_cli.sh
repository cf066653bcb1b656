#!/usr/bin/env bash
# Bucket-sharded staged MinHash dedup through the `pipeline` command, every task its own process, one after another:
# N stage-1 tasks (ingest.synthetic_web -> dedup.minhash_signatures), M bucket tasks (M chosen by --memory-per-task
# through `pipeline submit --dry-run`), the edge clustering, and (skew) the bucket stage again with SKEW_M tasks.
# Per task: wall, user+sys CPU, peak RSS (/usr/bin/time). Ledger off.
# usage: bench/minhash_staged_cli.sh DOCS TASKS MEMORY WORKDIR [SKEW_M]   (PIPELINE="dotnet path/pipeline.dll" to choose the build)
set -euo pipefail
DOCS=$1 N=$2 MEM=$3 W=$4 SKEW=${5:-8}
PIPELINE=${PIPELINE:-"dotnet $(cd "$(dirname "$0")/.." && pwd)/src/Cli/bin/Release/net10.0/pipeline.dll"}
mkdir -p "$W"; cd "$W"
cat > staged.json <<JSON
{ "name": "staged-bench", "output_dir": "out", "ledger": false, "steps": [
  { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": $DOCS, "seed": 18, "near_duplicate_rate": 0.15, "exact_duplicate_rate": 0.05 } },
  { "id": "sigs", "uses": "dedup.minhash_signatures", "needs": ["web"] },
  { "id": "dedup", "uses": "dedup.minhash_filter", "needs": ["web"], "with": { "removals": "out/clusters" } }
] }
JSON
T=/usr/bin/time
row() { echo -e "$1\t$(tail -1 "$2")" >> tasks.tsv; }
echo -e "task\twall_s\tuser_s\tsys_s\tpeak_rss_kb" > tasks.tsv
for ((t = 0; t < N; t++)); do
  $T -o t.txt -f "%e\t%U\t%S\t%M" $PIPELINE run staged.json --stage 1 --task-index $t --task-count $N --quiet > "stage1.$t.log" 2>&1
  row "stage1.$t" t.txt
done
$PIPELINE submit slurm staged.json --tasks $N --memory-per-task $MEM --dry-run --pipeline pipeline > submit.log
M=$(sed -n 's/^#SBATCH --array=0-\([0-9]*\)$/\1/p' out/_submit/buckets.sbatch); M=$((M + 1))
echo "bucket tasks chosen by --memory-per-task $MEM: $M" | tee m.txt
for ((k = 0; k < M; k++)); do
  $T -o t.txt -f "%e\t%U\t%S\t%M" $PIPELINE dedup buckets --dag staged.json --task-index $k --task-count $M --memory-per-task $MEM > "buckets.$k.log" 2>&1
  row "buckets.$k" t.txt
done
$T -o t.txt -f "%e\t%U\t%S\t%M" $PIPELINE dedup cluster --dag staged.json --from-buckets --memory-per-task $MEM > cluster.log 2>&1
row cluster t.txt
for ((k = 0; k < SKEW; k++)); do
  $T -o t.txt -f "%e\t%U\t%S\t%M" $PIPELINE dedup buckets --input 'out/dedup/signatures*.mhsig' --output skew --task-index $k --task-count $SKEW --memory-per-task $MEM > "skew.$k.log" 2>&1
  row "skew.$k" t.txt
done
du -b out/dedup/*.mhsig out/dedup/*.mhbkt out/dedup/edges/* out/clusters/* skew/* > sizes.txt
cat tasks.tsv m.txt cluster.log
