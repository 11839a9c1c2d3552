// The buffers, uniforms and constants of every flow program, first after the #defines: GROUP
// (work-group size), D (dimension), SCALE (the normalisation's scale) and MEAN (its mean, a
// float[D] constructor). Positions and velocities in the buffers are in data coordinates:
// x_data = MEAN + SCALE * x_model; the field (w) is in model coordinates.

layout(local_size_x = GROUP) in;
layout(std430, binding = 0) buffer Positions { float position[]; };
layout(std430, binding = 1) readonly buffer Field { float w[]; };
layout(std430, binding = 2) writeonly buffer Velocities { float velocityOut[]; };
uniform int count;
uniform int stages; // 1 Euler, 2 Heun, 4 RK4

const float mean[D] = MEAN;
