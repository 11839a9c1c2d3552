/**
 * File formats shared by data and models: a validating NumPy {@code .npy} reader and writer, and
 * atomic file writes (a temporary file renamed over the target).
 */
package io.fluxion.core.io;
