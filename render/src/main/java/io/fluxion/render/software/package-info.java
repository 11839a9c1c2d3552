/**
 * A pure-Java renderer for machines with no OpenGL at all: the same frames, drawn into a
 * {@code BufferedImage}.
 */
package io.fluxion.render.software;
