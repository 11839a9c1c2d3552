package io.fluxion.demo.show;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.core.field.BakedVelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.render.GlContext;
import io.fluxion.render.gpu.GpuFlow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which model the GPU show evaluates on a software driver (llvmpipe in CI): narrow nets exactly, wide ones baked. */
class GpuShowTest {

    private static Model net(int width, int depth) {
        return new Model("net", new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, width, depth), 3)),
                Schedules.condOt(0), Normalization.identity(2), Map.of());
    }

    @Test
    void onASoftwareDriverNarrowNetsRunExactlyAndWideOnesAreBaked() {
        try (GlContext context = GlContext.headless(16, 16)) {
            assumeTrue(GpuFlow.isSoftwareDriver(context), "a software driver (CI: llvmpipe), not " + context.description());
            Model narrow = net(64, 3);
            assertSame(narrow, GpuShow.gpuModel(narrow, context));
            assertInstanceOf(BakedVelocityField.class, GpuShow.gpuModel(net(256, 4), context).field());
        }
    }
}
