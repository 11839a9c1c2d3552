package io.fluxion.core.data;

import io.fluxion.core.mesh.TriangleMesh;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Points uniform over a triangle mesh's surface: a triangle chosen with probability
 * proportional to its area (binary search in the cumulative areas), then a uniform point in it
 * (u, v folded into the triangle), coloured by the barycentric mix of its vertex colours or by
 * its material's colour. Immutable; owns copies of the mesh's arrays.
 */
final class MeshSurface implements PointSource {

    private final String name;
    private final float[] vertices;
    private final int[] triangles;
    private final float[] vertexColours;
    private final float[] triangleColours;
    private final double[] cumulativeArea;

    MeshSurface(String name, TriangleMesh mesh) {
        if (mesh.triangleCount() == 0) {
            throw new IllegalArgumentException("MeshSurface: " + mesh.name() + " has no triangles");
        }
        this.name = name;
        this.vertices = mesh.vertices();
        this.triangles = mesh.triangles();
        this.vertexColours = mesh.vertexColours();
        this.triangleColours = mesh.triangleColours();
        int t = mesh.triangleCount();
        cumulativeArea = new double[t];
        double sum = 0;
        for (int k = 0; k < t; k++) {
            sum += mesh.triangleArea(k);
            cumulativeArea[k] = sum;
        }
    }

    @Override
    public int dimension() {
        return 3;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasColours() {
        return vertexColours != null || triangleColours != null;
    }

    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        sample(out, null, n, random);
    }

    @Override
    public void sample(float[] positions, float[] colours, int n, RandomGenerator random) {
        double total = cumulativeArea[cumulativeArea.length - 1];
        for (int i = 0; i < n; i++) {
            int k = Arrays.binarySearch(cumulativeArea, random.nextDouble() * total);
            k = Math.min(k < 0 ? -k - 1 : k, cumulativeArea.length - 1);
            double u = random.nextDouble();
            double v = random.nextDouble();
            if (u + v > 1) {
                u = 1 - u;
                v = 1 - v;
            }
            double w = 1 - u - v;
            int a = triangles[3 * k];
            int b = triangles[3 * k + 1];
            int c = triangles[3 * k + 2];
            for (int axis = 0; axis < 3; axis++) {
                positions[3 * i + axis] = (float) (w * vertices[3 * a + axis] + u * vertices[3 * b + axis] + v * vertices[3 * c + axis]);
            }
            if (colours != null) {
                for (int channel = 0; channel < 3; channel++) {
                    float value;
                    if (vertexColours != null) {
                        value = (float) (w * vertexColours[3 * a + channel] + u * vertexColours[3 * b + channel]
                                + v * vertexColours[3 * c + channel]);
                    } else if (triangleColours != null) {
                        value = triangleColours[3 * k + channel];
                    } else {
                        value = 1f;
                    }
                    colours[3 * i + channel] = value;
                }
            }
        }
    }
}
