/** OpenGL particle rendering. */
package io.fluxion.render;
