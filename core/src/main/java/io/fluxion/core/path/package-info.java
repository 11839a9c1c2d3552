/**
 * Probability paths: schedules (CondOT, cosine, VP, VE, polynomial) and the affine path
 * x_t = α_t·x1 + σ_t·x0 with its target velocity; see Lipman et al., "Flow Matching for
 * Generative Modeling", arXiv 2210.02747, and Lipman et al., "Flow Matching Guide and Code",
 * arXiv 2412.06264.
 */
package io.fluxion.core.path;
