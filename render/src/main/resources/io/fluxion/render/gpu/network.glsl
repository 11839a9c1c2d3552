// velocity() of a SiLU MLP whose weights are packed layer by layer in w: W [in, out] row-major,
// then b [out]. Injected: #defines WIDTH, DEPTH and FOURIER. The hidden and output layers' dot
// products replace the two marker lines below: sixteen terms per loop iteration, since Mesa's software
// drivers stop a shader after 65 535 loop iterations in all.
const int INPUTS = D + 1 + 2 * FOURIER;

void velocity(float x[D], float t, out float v[D]) {
    float h[2 * WIDTH];
    float inputs[INPUTS];
    for (int j = 0; j < D; j++) inputs[j] = x[j];
    inputs[D] = t;
    for (int k = 1; k <= FOURIER; k++) {
        float angle = 3.14159265358979 * float(k) * t;
        inputs[D + 2 * k - 1] = sin(angle);
        inputs[D + 2 * k] = cos(angle);
    }
    int base = 0;
    for (int o = 0; o < WIDTH; o++) {
        float sum = w[base + INPUTS * WIDTH + o];
        for (int i = 0; i < INPUTS; i++) sum += inputs[i] * w[base + i * WIDTH + o];
        h[o] = sum / (1.0 + exp(-sum));
    }
    base += INPUTS * WIDTH + WIDTH;
    int source = 0;
    for (int l = 1; l < DEPTH; l++) {
        int target = WIDTH - source;
        for (int o = 0; o < WIDTH; o++) {
            float sum = w[base + WIDTH * WIDTH + o];
            // @DOT hidden
            h[target + o] = sum / (1.0 + exp(-sum));
        }
        source = target;
        base += WIDTH * WIDTH + WIDTH;
    }
    for (int o = 0; o < D; o++) {
        float sum = w[base + WIDTH * D + o];
        // @DOT output
        v[o] = sum;
    }
}
