/**
 * The {@code fluxion} application's entry point ({@link io.fluxion.demo.Fluxion}: relaunches the JVM
 * with what ND4J and the Vector API need, runs a command, turns every error into one line).
 */
package io.fluxion.demo;
