/**
 * The {@code fluxion} application: the command line ({@link io.fluxion.demo.Fluxion}), the
 * {@code show} window and its headless recording, the bundled models, and the benchmarks behind
 * {@code fluxion bench}.
 */
package io.fluxion.demo;
