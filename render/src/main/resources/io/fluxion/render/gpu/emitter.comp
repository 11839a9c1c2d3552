// The emitter: each particle ages; it flows noise -> data in flowSeconds, then holds or flows
// back to noise (dissolve = 1), and respawns as fresh noise (drawn here from a counter-based hash
// of particle and frame, through Box-Muller) once it has lived lifetime seconds.
layout(std430, binding = 3) buffer Ages { float age[]; };
layout(std430, binding = 4) buffer Times { float flowTime[]; };
uniform float frameSeconds;
uniform float flowSeconds;
uniform float lifetime;
uniform int dissolve;
uniform uint frame;

uint hash(uint x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

float uniform01(uint seed) {
    return (float(hash(seed) >> 8) + 0.5) / 16777216.0;
}

// A particle's flow time at an age: up to 1 while flowing, then 1 (holding) or back down to 0.
float flowTimeAt(float a) {
    float flowing = a / flowSeconds;
    if (flowing <= 1.0 || dissolve == 0) return clamp(flowing, 0.0, 1.0);
    return clamp(2.0 - flowing, 0.0, 1.0);
}

void main() {
    uint p = gl_GlobalInvocationID.x;
    if (p >= uint(count)) return;
    float before = age[p];
    float now = before + frameSeconds;
    float x[D];
    for (int j = 0; j < D; j++) x[j] = position[p * D + j];
    if (now >= lifetime) {
        now -= lifetime;
        before = 0.0;
        for (int j = 0; j < D; j += 2) {
            uint seed = hash(p * 2654435761u ^ (frame * 40503u + uint(j)));
            float radius = sqrt(-2.0 * log(uniform01(seed)));
            float angle = 6.28318530718 * uniform01(seed ^ 0x9e3779b9u);
            x[j] = mean[j] + SCALE * radius * cos(angle);
            if (j + 1 < D) x[j + 1] = mean[j + 1] + SCALE * radius * sin(angle);
        }
    }
    if (dissolve == 1 && before < flowSeconds && now > flowSeconds) {
        now = flowSeconds; // a frame that would cross t = 1 stops there; the way back starts next frame
    }
    float t0 = flowTimeAt(before);
    float t1 = flowTimeAt(now);
    advance(p, x, t0, t1 - t0);
    for (int j = 0; j < D; j++) position[p * D + j] = x[j];
    age[p] = now;
    flowTime[p] = t1;
}
