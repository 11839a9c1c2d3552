// After the field's velocity(x, t, v) in model coordinates: the velocity in data coordinates,
// and one solver step.

// The field's velocity at a point in data coordinates, in data units.
void dataVelocity(float x[D], float t, out float v[D]) {
    float m[D];
    for (int j = 0; j < D; j++) m[j] = (x[j] - mean[j]) / SCALE;
    velocity(m, t, v);
    for (int j = 0; j < D; j++) v[j] *= SCALE;
}

// One step of the chosen solver from t to t + dt (dt may be negative), recording the first
// stage's velocity for the renderer.
void advance(uint p, inout float x[D], float t, float dt) {
    float k1[D];
    dataVelocity(x, t, k1);
    for (int j = 0; j < D; j++) velocityOut[p * D + j] = k1[j];
    if (dt == 0.0) return;
    if (stages == 1) {
        for (int j = 0; j < D; j++) x[j] += dt * k1[j];
        return;
    }
    float y[D];
    float k2[D];
    if (stages == 2) {
        for (int j = 0; j < D; j++) y[j] = x[j] + dt * k1[j];
        dataVelocity(y, t + dt, k2);
        for (int j = 0; j < D; j++) x[j] += 0.5 * dt * (k1[j] + k2[j]);
        return;
    }
    float k3[D];
    float k4[D];
    for (int j = 0; j < D; j++) y[j] = x[j] + 0.5 * dt * k1[j];
    dataVelocity(y, t + 0.5 * dt, k2);
    for (int j = 0; j < D; j++) y[j] = x[j] + 0.5 * dt * k2[j];
    dataVelocity(y, t + 0.5 * dt, k3);
    for (int j = 0; j < D; j++) y[j] = x[j] + dt * k3[j];
    dataVelocity(y, t + dt, k4);
    for (int j = 0; j < D; j++) x[j] += dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
}
