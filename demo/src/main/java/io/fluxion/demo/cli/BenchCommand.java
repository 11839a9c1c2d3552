package io.fluxion.demo.cli;

import io.fluxion.core.nn.simd.VectorKernels;
import io.fluxion.demo.bench.BakedFieldWorkload;
import io.fluxion.demo.bench.Bench;
import io.fluxion.demo.bench.FewStepWorkload;
import io.fluxion.demo.bench.GuidanceWorkload;
import io.fluxion.demo.bench.QualityWorkload;
import io.fluxion.demo.bench.RealTimeWorkload;
import io.fluxion.demo.bench.RenderBench;
import io.fluxion.demo.bench.SamplingWorkload;
import io.fluxion.demo.bench.ServeLoadWorkload;
import io.fluxion.demo.bench.SgemmWorkload;
import io.fluxion.demo.bench.StreamingWorkload;
import io.fluxion.demo.bench.StreamsBench;
import io.fluxion.demo.bench.ThreeDimensionalWorkload;
import io.fluxion.demo.bench.TimeToQualityWorkload;
import io.fluxion.demo.bench.TrainingWorkload;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion bench}: the reference workloads of {@code shared/bench/WORKLOADS.md} and
 * Fluxion's own, one class each in {@code io.fluxion.demo.bench}, each figure a median of
 * repetitions, FLOP rates as fractions of the same-run sgemm rate (W0), which always runs first.
 */
@Command(name = "bench", description = {"Run the reference workloads: training and sampling (W0-W6, WB, WF), 3-D (W3D), the GPU flow (WG),",
    "streams sharing the cores (S), the renderer (R) and the server (WS); one line per figure."},
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion bench",
            "  fluxion bench --only W1,W2",
            "  fluxion bench --only WS"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repeats", defaultValue = "3", description = "repetitions per figure (median reported)") int repeats;
    @Option(names = "--w1-steps", defaultValue = "300", description = "timed W1 training steps") int w1Steps;
    @Option(names = "--quality", description = "also run W4 (3 000 training steps at batch 4096, several minutes)")
    boolean quality;
    @Option(names = "--only", split = ",", description = "run only these workloads, e.g. W1,W5, WB (baked), W3D (3-D), WG (guidance), S (streams), R (renderer), WF (few-step at equal quality), W6 (time to quality, about 2 min) or WS (the server under load, about 75 s); W0 always runs")
    Set<String> only;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Bench bench = new Bench(out, repeats, w1Steps);
        if (only != null) {
            for (String workload : only) {
                if (!workload.matches("(?i)W[0-6]|WB|W3D|WG|WF|S|R|WS")) {
                    throw new IllegalArgumentException("--only " + workload + ": unknown workload (W0 to W6, WB, W3D, WG, WF, S, R, WS)");
                }
            }
        }
        out.printf(Locale.ROOT, "machine: %d cores, %s, ND4J %s backend, SIMD kernels %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                Nd4j.getBackend().getClass().getSimpleName(), VectorKernels.available() ? "on" : "off");
        SgemmWorkload.run(bench);
        for (var workload : WORKLOADS.entrySet()) {
            if (workload.getKey().equals("W4")) {
                if (quality) {
                    QualityWorkload.run(bench);
                } else if (selected("W4")) {
                    out.println("W4 quality at a budget: skipped (run with --quality; several minutes)");
                }
            } else if (selected(workload.getKey())) {
                workload.getValue().run(bench);
            }
        }
        return 0;
    }

    /** One workload of the bench. */
    private interface Workload {
        void run(Bench bench) throws Exception;
    }

    /** The workloads after W0, in the order they run (W4 only with {@code --quality}). */
    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("W1", TrainingWorkload::run);
        WORKLOADS.put("W2", SamplingWorkload::run);
        WORKLOADS.put("W3", RealTimeWorkload::run);
        WORKLOADS.put("W4", QualityWorkload::run);
        WORKLOADS.put("W5", StreamingWorkload::run);
        WORKLOADS.put("W6", TimeToQualityWorkload::run);
        WORKLOADS.put("WB", BakedFieldWorkload::run);
        WORKLOADS.put("W3D", ThreeDimensionalWorkload::run);
        WORKLOADS.put("WG", GuidanceWorkload::run);
        WORKLOADS.put("WF", FewStepWorkload::run);
        WORKLOADS.put("S", StreamsBench::run);
        WORKLOADS.put("R", RenderBench::run);
        WORKLOADS.put("WS", ServeLoadWorkload::run);
    }

    private boolean selected(String workload) {
        return only == null || only.stream().anyMatch(w -> w.equalsIgnoreCase(workload));
    }
}
