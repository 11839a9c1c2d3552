package io.fluxion.core.data;

import java.util.random.RandomGenerator;

/**
 * The 3-D toy data sets, each a few units across (like the 2-D ones), y up:
 * a (2, 3) torus knot, a spherical shell, a two-armed spiral galaxy, a double helix, and text
 * extruded into a slab.
 */
final class Shapes3D {

    private Shapes3D() {
    }

    private static PointSource source(String name, RuleSource.Rule rule) {
        return new RuleSource(name, 3, rule);
    }

    /**
     * The (2, 3) torus knot (x, y, z) = ((2 + cos 3φ) cos 2φ, sin 3φ, (2 + cos 3φ) sin 2φ), φ
     * uniform, with Gaussian noise 0.07 around the curve.
     */
    static PointSource torusKnot() {
        return source("torus-knot", (out, i, random) -> {
            double phi = random.nextDouble() * 2 * Math.PI;
            double r = 2 + Math.cos(3 * phi);
            put(out, i, r * Math.cos(2 * phi), Math.sin(3 * phi), r * Math.sin(2 * phi), 0.07, random);
        });
    }

    /** Uniform on the sphere of radius 2, radial noise 0.04. */
    static PointSource shell() {
        return source("shell", (out, i, random) -> {
            double x;
            double y;
            double z;
            double norm;
            do {
                x = random.nextGaussian();
                y = random.nextGaussian();
                z = random.nextGaussian();
                norm = Math.sqrt(x * x + y * y + z * z);
            } while (norm < 1e-9);
            double radius = 2 + 0.04 * random.nextGaussian();
            out[3 * i] = (float) (radius * x / norm);
            out[3 * i + 1] = (float) (radius * y / norm);
            out[3 * i + 2] = (float) (radius * z / norm);
        });
    }

    /**
     * A two-armed logarithmic spiral galaxy in the x-z plane: 25 % of the points in a central
     * bulge (σ 0.3), the rest along arms r = 0.3·e^(0.35·θ) for θ in [0, 2π·1.2], spread
     * 0.12 + 0.05·r across the arm and 0.08 in height.
     */
    static PointSource galaxy() {
        return source("galaxy", (out, i, random) -> {
            if (random.nextDouble() < 0.25) {
                put(out, i, 0, 0, 0, 0.3, random);
                out[3 * i + 1] *= 0.6f;
                return;
            }
            double theta = random.nextDouble() * 2 * Math.PI * 1.2;
            double r = 0.3 * Math.exp(0.35 * theta);
            double angle = theta + (random.nextBoolean() ? Math.PI : 0);
            double spread = 0.12 + 0.05 * r;
            out[3 * i] = (float) (r * Math.cos(angle) + spread * random.nextGaussian());
            out[3 * i + 1] = (float) (0.08 * random.nextGaussian());
            out[3 * i + 2] = (float) (r * Math.sin(angle) + spread * random.nextGaussian());
        });
    }

    /** Two helices of radius 1 about the y axis, half a turn apart, three turns over y in [−2, 2], noise 0.05. */
    static PointSource helix() {
        return source("helix", (out, i, random) -> {
            double s = random.nextDouble();
            double angle = s * 3 * 2 * Math.PI + (random.nextBoolean() ? Math.PI : 0);
            put(out, i, Math.cos(angle), 4 * s - 2, Math.sin(angle), 0.05, random);
        });
    }

    /** The text's 2-D points extruded into a slab of depth 0.5 along z, keeping their colours. */
    static PointSource text3d(PointSource text) {
        return new PointSource() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public String name() {
                return "text3d:" + text.name().substring("text:".length());
            }

            @Override
            public boolean hasColours() {
                return text.hasColours();
            }

            @Override
            public void sample(float[] out, int n, RandomGenerator random) {
                sample(out, null, n, random);
            }

            @Override
            public void sample(float[] positions, float[] colours, int n, RandomGenerator random) {
                float[] flat = new float[2 * n];
                text.sample(flat, colours, n, random);
                for (int i = n - 1; i >= 0; i--) {
                    positions[3 * i] = flat[2 * i];
                    positions[3 * i + 1] = flat[2 * i + 1];
                    positions[3 * i + 2] = (float) (0.5 * (random.nextDouble() - 0.5));
                }
            }
        };
    }

    private static void put(float[] out, int i, double x, double y, double z, double noise, RandomGenerator random) {
        out[3 * i] = (float) (x + noise * random.nextGaussian());
        out[3 * i + 1] = (float) (y + noise * random.nextGaussian());
        out[3 * i + 2] = (float) (z + noise * random.nextGaussian());
    }
}
