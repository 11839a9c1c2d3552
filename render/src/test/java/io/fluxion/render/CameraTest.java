package io.fluxion.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CameraTest {

    /** Clip-space (x, y, w) of a world point through a column-major matrix. */
    private static float[] project(float[] m, float x, float y, float z) {
        return new float[] {m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13],
            m[3] * x + m[7] * y + m[11] * z + m[15]};
    }

    @Test
    void camera2DMapsItsViewOntoClipSpaceAndPansAndZooms() {
        Camera2D camera = new Camera2D(1, -2, 4);
        float[] m = new float[16];
        camera.viewProjection(2f, m);
        float[] corner = project(m, 1 + 8, -2 + 4, 0);
        assertEquals(1f, corner[0], 1e-6f);
        assertEquals(1f, corner[1], 1e-6f);
        camera.move(0.5, 0);
        assertEquals(3, camera.centerX(), 1e-12, "half a view height to the right");
        camera.zoom(2);
        assertEquals(2, camera.halfHeight(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Camera2D(0, 0, 0));
    }

    @Test
    void orbitCameraKeepsItsTargetInTheMiddleAndNearThingsBigger() {
        OrbitCamera camera = new OrbitCamera(5);
        camera.target(1, 2, 3);
        float[] m = new float[16];
        for (int turn = 0; turn < 8; turn++) {
            camera.move(0.25, 0.1);
            camera.viewProjection(1.5f, m);
            float[] centre = project(m, 1, 2, 3);
            assertTrue(centre[2] > 0, "target in front of the camera");
            assertEquals(0f, centre[0] / centre[2], 1e-5f);
            assertEquals(0f, centre[1] / centre[2], 1e-5f);
        }
        float[] far = project(m, 1, 2.5f, 3);
        camera.zoom(2);
        camera.viewProjection(1.5f, m);
        float[] near = project(m, 1, 2.5f, 3);
        assertTrue(Math.abs(near[1] / near[2]) > Math.abs(far[1] / far[2]), "zooming in enlarges the view");
    }
}
