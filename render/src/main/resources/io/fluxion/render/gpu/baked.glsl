// velocity() of a baked field whose grid [T, R^D, D] is in w: the same clamped multilinear
// interpolation as BakedVelocityField (bilinear or trilinear in space, linear in t). Injected:
// #defines R (grid points per axis), T (time slices) and HALF (half the cube's side).
const float TO_GRID = float(R - 1) / (2.0 * HALF);
const int POINTS = D == 2 ? R * R : R * R * R;
const int SLICE = POINTS * D;

float gridCoordinate(float value) {
    float c = (value + HALF) * TO_GRID;
    return c > 0.0 ? min(c, float(R) - 1.0001) : 0.0;
}

float bilinear(int at, int up, float fx, float fy) {
    float bottom = w[at] + (w[at + D] - w[at]) * fx;
    float top = w[at + up] + (w[at + up + D] - w[at + up]) * fx;
    return bottom + (top - bottom) * fy;
}

void velocity(float x[D], float t, out float v[D]) {
    float gt = t > 0.0 ? min(t, 0.99999) * float(T - 1) : 0.0;
    int k = int(gt);
    float ft = gt - float(k);
    float gx = gridCoordinate(x[0]);
    float gy = gridCoordinate(x[1]);
    int ix = int(gx);
    int iy = int(gy);
    float fx = gx - float(ix);
    float fy = gy - float(iy);
    int up = D * R;
    if (D == 2) {
        int at = k * SLICE + D * (iy * R + ix);
        for (int c = 0; c < D; c++) {
            float before = bilinear(at + c, up, fx, fy);
            float after = bilinear(at + c + SLICE, up, fx, fy);
            v[c] = before + (after - before) * ft;
        }
    } else {
        float gz = gridCoordinate(x[D - 1]);
        int iz = int(gz);
        float fz = gz - float(iz);
        int deep = D * R * R;
        int at = k * SLICE + D * ((iz * R + iy) * R + ix);
        for (int c = 0; c < D; c++) {
            float near0 = bilinear(at + c, up, fx, fy);
            float far0 = bilinear(at + c + deep, up, fx, fy);
            float near1 = bilinear(at + c + SLICE, up, fx, fy);
            float far1 = bilinear(at + c + SLICE + deep, up, fx, fy);
            float before = near0 + (far0 - near0) * fz;
            float after = near1 + (far1 - near1) * fz;
            v[c] = before + (after - before) * ft;
        }
    }
}
