/**
 * Triangle meshes and 3-D point clouds read from the files artists export: Wavefront OBJ (with
 * vertex colours and {@code .mtl} diffuse colours), PLY (ASCII and binary of either endianness,
 * vertex colours) and glTF 2.0 / GLB (through jgltf-model; node transforms, {@code COLOR_0} and
 * base colours). Every reader validates what it reads and reports a bad file in one
 * {@link io.fluxion.core.mesh.MeshFormatException} naming the file and the line or element.
 */
package io.fluxion.core.mesh;
