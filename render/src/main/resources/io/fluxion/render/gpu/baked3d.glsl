// velocity() of a 3-D baked field held in a 3-D texture of R x R x (R * T) RGB texels: the T time
// slices stacked along z, each [z][y][x] like BakedVelocityField's grid. The hardware's trilinear
// filtering interpolates in space (coordinates clamped to the cube, texel centres at the grid
// points, so a fetch never mixes two time slices); two fetches, at the slices before and after t,
// are mixed linearly in t. Injected: #defines R (grid points per axis), T (time slices) and HALF
// (half the cube's side).
uniform sampler3D grid;
const float TO_GRID = float(R - 1) / (2.0 * HALF);
const vec3 TEXELS = vec3(float(R), float(R), float(R * T));

float gridCoordinate(float value) {
    float c = (value + HALF) * TO_GRID;
    return c > 0.0 ? min(c, float(R - 1)) : 0.0; // NaN -> 0
}

void velocity(float x[D], float t, out float v[D]) {
    float gt = t > 0.0 ? min(t, 0.99999) * float(T - 1) : 0.0;
    int k = int(gt);
    float ft = gt - float(k);
    vec3 centre = vec3(gridCoordinate(x[0]), gridCoordinate(x[1]), gridCoordinate(x[2])) + 0.5;
    vec3 before = textureLod(grid, (centre + vec3(0.0, 0.0, float(k * R))) / TEXELS, 0.0).xyz;
    vec3 after = textureLod(grid, (centre + vec3(0.0, 0.0, float((k + 1) * R))) / TEXELS, 0.0).xyz;
    vec3 mixed = mix(before, after, ft);
    v[0] = mixed.x;
    v[1] = mixed.y;
    v[2] = mixed.z;
}
