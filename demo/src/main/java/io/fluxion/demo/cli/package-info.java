/**
 * The commands of {@code fluxion} (picocli): show, train, sample, eval, record, models, bench and
 * soak, each parsing and checking its options and reporting in one line.
 */
package io.fluxion.demo.cli;
