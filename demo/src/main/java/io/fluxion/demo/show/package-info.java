/**
 * What {@code show} and {@code record} draw: the interactive window, the GPU flow, the headless
 * recording, the choice between exact and baked fields, and the bundled models.
 */
package io.fluxion.demo.show;
