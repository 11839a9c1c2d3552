package io.fluxion.bench;

import io.fluxion.core.data.Noise;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forward pass of a velocity MLP over a batch: ND4J (gemm + fused SiLU) against the plain-Java
 * Vector API pass, for the W3 net (3 × 64) and the W1/W2 net (4 × 256).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ForwardPassBenchmark {

    @Param({"64x3", "256x4"})
    public String net;

    @Param({"nd4j", "vector"})
    public String engine;

    @Param({"65536"})
    public int rows;

    private MlpVelocityField field;
    private float[] x;
    private float[] out;

    @Setup
    public void setUp() {
        System.setProperty("fluxion.mlpForward", engine);
        String[] size = net.split("x");
        field = new MlpVelocityField(MlpParameters.initialise(
                MlpArchitecture.of(2, Integer.parseInt(size[0]), Integer.parseInt(size[1])), 1));
        x = Noise.standardNormal(2 * rows, 2);
        out = new float[2 * rows];
    }

    @TearDown
    public void tearDown() {
        field.close();
    }

    @Benchmark
    public float[] forward() {
        field.evaluate(x, rows, 0.5f, out);
        return out;
    }
}
