#!/bin/bash
# Loaded-host measurement of issue 15 (benchmarks/RESULTS.md): run from anywhere after
#   ./mvnw -B -o -q -pl benchmarks -am package -DskipTests
# with before.jar / after.jar (copies of benchmarks/target/benchmarks.jar of the two commits) in
# $JAR_DIR (default benchmarks/target). Needs root (autogroup nice) and python3-torch for the last part.
D=$(cd "$(dirname "$0")" && pwd)
OUT=$(mktemp -d)
javac -cp "$D/../target/benchmarks.jar" -d "$OUT" "$D/dev/dit/autodiff/kernel/PolicyAb.java" || exit 1
# Every JVM/python runs in its own autogroup at autogroup nice -19 (hi.sh).
# Conditions: none | group (yes in another autogroup, same weight) | same (yes in the measured process's autogroup)
L() { echo "== $* $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
J="-f 1 -wi 6 -i 8 -w 500ms -r 500ms"
withbusy() { # cond cmd...
  local cond=$1; shift
  case $cond in
    none) $D/hi.sh "$@" ;;
    group) $D/hi.sh yes > /dev/null & local Y=$!; sleep 0.3; $D/hi.sh "$@"; kill $Y ;;
    same) $D/hi.sh sh -c 'yes > /dev/null & Y=$!; "$@"; kill $Y' s "$@" ;;
  esac
}
L start
for cond in none group same; do
  for w in "cnn hvp" "cnn step" "cnn sweep" "mlp:64 step" "mlp:64 hvp"; do
    L ab $cond $w
    withbusy $cond java --add-modules=jdk.incubator.vector -cp $OUT:$D/../target/benchmarks.jar dev.dit.autodiff.kernel.PolicyAb $w 6 5 2>&1 | grep -v "WARNING\|INFO\|KernelsProvider"
  done
done
for cond in none group same; do
  for b in "SgdStepBenchmark -p model=mlp:64,cnn" "ModelDerivativesBenchmark -p model=mlp:64,cnn -p op=hvp" "DitSweepPerStepBenchmark.sweep -p model=mlp:64,cnn"; do
    for jar in before after; do
      L jmh $cond $jar $b
      withbusy $cond java -Djmh.ignoreLock=true -jar ${JAR_DIR:-$D/../target}/$jar.jar $b $J 2>&1 | grep -E "^# Benchmark:|^# Parameters|^Iteration|^(SgdStep|ModelDer|DitSweep)"
    done
  done
done
for cond in none group same; do
  L torch $cond
  cd $D/../pytorch && OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 withbusy $cond /usr/bin/python3 compare.py --threads 2 --repeat 5 --warmup 1 --inner 3 --short-sweeps 2>&1 | grep -E "mlp|cnn"
done
L end
