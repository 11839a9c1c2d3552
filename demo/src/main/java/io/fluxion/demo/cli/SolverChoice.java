package io.fluxion.demo.cli;

import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.train.Reflow;

/**
 * The solver and steps a command samples a model with: the options when given, else what the
 * model's file says it was made for (a reflowed or distilled model's few Euler steps), else RK4
 * with 25 steps.
 */
record SolverChoice(String solver, int steps) {

    static SolverChoice of(Model model, String solverOption, Integer stepsOption) {
        String solver = solverOption != null ? solverOption : Reflow.sampleSolver(model);
        int steps = stepsOption != null ? stepsOption : Reflow.sampleSteps(model);
        if (steps < 1 || steps > TimeGrid.MAX_STEPS) {
            throw new IllegalArgumentException("--steps must be in [1, " + TimeGrid.MAX_STEPS + "], got " + steps);
        }
        OdeSolvers.byName(solver); // names an unknown solver in one line
        return new SolverChoice(solver, steps);
    }

    /**
     * For drawing a flow (one frame per step): the options when given, else the model file's solver
     * and steps when it records them (a few-step model is drawn in its few steps), else
     * {@code solver} with {@code steps}.
     */
    static SolverChoice forDrawing(Model model, String solverOption, Integer stepsOption, String solver, int steps) {
        boolean recorded = model.recordedSteps().isPresent();
        return of(model, solverOption != null ? solverOption : recorded ? null : solver,
                stepsOption != null ? stepsOption : recorded ? null : Integer.valueOf(steps));
    }
}
