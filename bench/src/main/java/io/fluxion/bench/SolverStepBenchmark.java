package io.fluxion.bench;

import io.fluxion.core.data.Noise;
import io.fluxion.core.field.BakedVelocityField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One solver step over a batch of particles (W3's unit of work): Euler or Heun, on the 3 × 64 net or
 * on the same net baked onto 128² × 33.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SolverStepBenchmark {

    @Param({"net", "baked"})
    public String field;

    @Param({"euler", "heun"})
    public String solver;

    @Param({"100000"})
    public int particles;

    private VelocityField velocity;
    private OdeSolver ode;
    private float[] x;

    @Setup
    public void setUp() {
        VelocityField net = new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, 64, 3), 1));
        velocity = field.equals("baked") ? BakedVelocityField.bake(net, 4.5, 128, 33) : net;
        ode = OdeSolvers.byName(solver);
        x = Noise.standardNormal(2 * particles, 3);
    }

    @Benchmark
    public float[] step() {
        ode.solve(velocity, x, particles, TimeSpan.of(0.5, 0.51), 1);
        return x;
    }
}
