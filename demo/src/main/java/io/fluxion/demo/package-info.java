/** The fluxion command-line application. */
package io.fluxion.demo;
