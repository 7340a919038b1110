package io.github.dpoprefresh.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof io.github.dpoprefresh.bench.CpuTimeProfiler}): the CPU time of the benchmark's JVM per
 * operation, as the secondary result {@value #NAME}. On a machine shared with other work, the time per operation
 * includes the time the benchmark waited for a CPU; CPU time does not. It does include the JVM's other threads: the
 * garbage collector (part of what an operation costs) and the JIT compiler (idle once warmed up).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    static final String NAME = "·cpu";

    private long cpuNanosAtStart;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuNanosAtStart = processCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long ops = Math.max(1, result.getMetadata().getAllOps());
        double microsPerOp = (processCpuNanos() - cpuNanosAtStart) / 1e3 / ops;
        return List.of(new ScalarResult(NAME, microsPerOp, "us/op", AggregationPolicy.AVG));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
