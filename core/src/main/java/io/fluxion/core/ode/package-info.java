/**
 * ODE solvers for the flow (Euler, midpoint, Heun, RK4, Dormand–Prince 5(4)), time grids and
 * spans (shared or per-particle), all on caller-owned {@code float[]} batches.
 */
package io.fluxion.core.ode;
