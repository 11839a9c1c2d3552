package io.fluxion.core.mesh;

import java.util.Objects;

/**
 * An indexed triangle mesh in 3-D, or a point cloud when it has no triangles: vertices
 * [v, 3], triangles [t, 3] (0-based vertex indices, counter-clockwise or not: orientation is
 * not used), and optional colours in [0, 1], either per vertex [v, 3] or per triangle [t, 3]
 * (a material's colour). Immutable; the constructor validates and takes the arrays as they
 * are (the readers hand over arrays nobody else holds), and the accessors return copies.
 */
public final class TriangleMesh {

    private final String name;
    private final float[] vertices;
    private final int[] triangles;
    private final float[] vertexColours;
    private final float[] triangleColours;

    /**
     * @param vertices        [v, 3], finite, v ≥ 1
     * @param triangles       [t, 3], every index in [0, v); may be empty
     * @param vertexColours   [v, 3] or null
     * @param triangleColours [t, 3] or null; ignored where vertex colours are given
     */
    TriangleMesh(String name, float[] vertices, int[] triangles, float[] vertexColours, float[] triangleColours) {
        Objects.requireNonNull(name, "name");
        if (vertices.length == 0 || vertices.length % 3 != 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("TriangleMesh " + name + ": need [v, 3] vertices (v >= 1) and [t, 3] triangles");
        }
        int v = vertices.length / 3;
        for (int index : triangles) {
            if (index < 0 || index >= v) {
                throw new IllegalArgumentException("TriangleMesh " + name + ": vertex index " + index + " out of [0, " + v + ")");
            }
        }
        if (vertexColours != null && vertexColours.length != vertices.length
                || triangleColours != null && triangleColours.length != triangles.length) {
            throw new IllegalArgumentException("TriangleMesh " + name + ": colours must be [v, 3] or [t, 3]");
        }
        this.name = name;
        this.vertices = vertices;
        this.triangles = triangles;
        this.vertexColours = vertexColours;
        this.triangleColours = vertexColours == null ? triangleColours : null;
    }

    /** @return the file name it was read from, e.g. {@code knot.obj} */
    public String name() {
        return name;
    }

    public int vertexCount() {
        return vertices.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    /** @return a copy of the vertices [v, 3] */
    public float[] vertices() {
        return vertices.clone();
    }

    /** @return a copy of the triangles [t, 3] */
    public int[] triangles() {
        return triangles.clone();
    }

    /** @return a copy of the per-vertex colours [v, 3], or null */
    public float[] vertexColours() {
        return vertexColours == null ? null : vertexColours.clone();
    }

    /** @return a copy of the per-triangle colours [t, 3] (used only when there are no vertex colours), or null */
    public float[] triangleColours() {
        return triangleColours == null ? null : triangleColours.clone();
    }

    public boolean hasColours() {
        return vertexColours != null || triangleColours != null;
    }

    /** @return the summed area of the triangles (0 for a point cloud) */
    public double area() {
        double sum = 0;
        for (int k = 0; k < triangleCount(); k++) {
            sum += triangleArea(k);
        }
        return sum;
    }

    /** @return the area of triangle k, 0 ≤ k < {@link #triangleCount()} */
    public double triangleArea(int k) {
        int a = 3 * triangles[3 * k];
        int b = 3 * triangles[3 * k + 1];
        int c = 3 * triangles[3 * k + 2];
        double ux = vertices[b] - vertices[a];
        double uy = vertices[b + 1] - vertices[a + 1];
        double uz = vertices[b + 2] - vertices[a + 2];
        double vx = vertices[c] - vertices[a];
        double vy = vertices[c + 1] - vertices[a + 1];
        double vz = vertices[c + 2] - vertices[a + 2];
        double cx = uy * vz - uz * vy;
        double cy = uz * vx - ux * vz;
        double cz = ux * vy - uy * vx;
        return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }

    @Override
    public String toString() {
        return "TriangleMesh[" + name + ", " + vertexCount() + " vertices, " + triangleCount() + " triangles"
                + (hasColours() ? ", coloured" : "") + "]";
    }
}
