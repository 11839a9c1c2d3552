/**
 * Internal: thin wrappers of OpenGL objects (buffers, textures, shader programs, render targets)
 * that count what they create and delete, so that tests can prove everything is freed.
 */
package io.fluxion.render.gl;
