#!/bin/bash
# Issue 15 side by side: dit (JMH) and PyTorch 1.13 (compare.py) on the same host, at AVX-512 and
# AVX2 code, quiet and with exactly one busy process (`yes`, started here, i.e. in the same session).
# Build first: ./mvnw -B -o -q package -DskipTests. Needs python3-torch and libopenblas0-pthread.
# OpenBLAS 0.3.21 runs its Haswell (AVX2) kernels on Zen 5 in both phases (see RESULTS.md).
cd "$(dirname "$0")" || exit 1
JAR=../target/benchmarks.jar
B='SgdStepBenchmark.step|ModelDerivativesBenchmark.derivative|DitSweepPerStepBenchmark|DitSweepBenchmark'
L() { echo "== $* $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
for width in avx512 avx2; do
  if [ $width = avx2 ]; then JV="-XX:UseAVX=2"; TE="ATEN_CPU_CAPABILITY=avx2"; else JV="-XX:UseAVX=3"; TE="ATEN_CPU_CAPABILITY=avx512"; fi
  for cond in quiet busy; do
    if [ $cond = busy ]; then yes > /dev/null & Y=$!; sleep 0.5; fi
    L dit $width $cond
    java -Djmh.ignoreLock=true -jar $JAR "$B" -p model=logreg,mlp:64,cnn -p op=hvp -f 1 -wi 4 -i 6 -w 500ms -r 500ms \
      -jvmArgsAppend "--add-modules=jdk.incubator.vector $JV" 2>&1 | grep -E "^(Benchmark|SgdStep|ModelDer|DitSweep)|kernels=" | sort -u
    L torch $width $cond
    env $TE OPENBLAS_CORETYPE=Haswell OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 compare.py --threads 2 --repeat 5 --warmup 1 --inner 3
    if [ $cond = busy ]; then kill $Y; fi
  done
done
L end
