// Every particle from time to time + dt.
uniform float time;
uniform float dt;

void main() {
    uint p = gl_GlobalInvocationID.x;
    if (p >= uint(count)) return;
    float x[D];
    for (int j = 0; j < D; j++) x[j] = position[p * D + j];
    advance(p, x, time, dt);
    for (int j = 0; j < D; j++) position[p * D + j] = x[j];
}
