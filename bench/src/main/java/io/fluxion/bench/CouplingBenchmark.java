package io.fluxion.bench;

import io.fluxion.core.coupling.Coupling;
import io.fluxion.core.coupling.Couplings;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.Noise;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Minibatch couplings of noise to checkerboard data: exact OT and Sinkhorn, per batch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CouplingBenchmark {

    @Param({"exact-ot", "sinkhorn"})
    public String coupling;

    @Param({"256", "1024"})
    public int batch;

    private Coupling pairing;
    private float[] noise;
    private float[] data;
    private float[] noiseCopy;
    private float[] dataCopy;
    private final SplittableRandom random = new SplittableRandom(4);

    @Setup
    public void setUp() {
        pairing = Couplings.byName(coupling);
        noise = new float[2 * batch];
        Noise.fill(noise, noise.length, random);
        data = Datasets.checkerboard().sample(batch, 5);
        noiseCopy = new float[2 * batch];
        dataCopy = new float[2 * batch];
    }

    /** The coupling reorders its inputs: every invocation starts from the same batch. */
    @Setup(Level.Invocation)
    public void restore() {
        System.arraycopy(noise, 0, noiseCopy, 0, noise.length);
        System.arraycopy(data, 0, dataCopy, 0, data.length);
    }

    @Benchmark
    public float[] pair() {
        pairing.pair(noiseCopy, dataCopy, batch, 2, random);
        return noiseCopy;
    }
}
