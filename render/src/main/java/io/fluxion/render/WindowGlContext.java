package io.fluxion.render;

import static org.lwjgl.glfw.GLFW.*;

import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL11;
import org.lwjgl.opengl.GL30;

/**
 * A GLFW window with an OpenGL core context (4.5, else 3.3), vsync on. Its size is the
 * framebuffer size at creation (the window is not resizable, so it stays so).
 */
final class WindowGlContext extends GlContext {

    private final long window;
    private final String description;
    /** Framebuffer size read back each frame (render thread only), kept so a frame allocates nothing. */
    private final int[] framebufferWidth = new int[1];
    private final int[] framebufferHeight = new int[1];
    private volatile KeyHandler keyHandler = (key, shift) -> { };
    private static final PointerHandler NO_POINTER = new PointerHandler() {
        @Override
        public void dragged(int button, double dx, double dy) {
        }

        @Override
        public void scrolled(double clicks) {
        }

        @Override
        public void doubleClicked() {
        }
    };
    private volatile PointerHandler pointerHandler = NO_POINTER;
    /** Mouse state, touched by the GLFW callbacks on the render thread only. */
    private int heldButton = -1;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;
    private double lastClickSeconds = -1;

    WindowGlContext(String title, int width, int height) {
        super(width, height);
        GLFWErrorCallback.createPrint(System.err).set();
        try {
            if (!glfwInit()) {
                throw new GlUnavailableException("GLFW could not initialise (no usable display)");
            }
        } catch (LinkageError e) {
            throw new GlUnavailableException(missingNatives(e) ? MISSING_NATIVES : "GLFW native library missing: " + e, e);
        }
        long created = 0;
        for (int[] version : new int[][] {{4, 5}, {3, 3}}) {
            glfwDefaultWindowHints();
            glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, version[0]);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, version[1]);
            glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
            glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
            created = glfwCreateWindow(width, height, title, 0, 0);
            if (created != 0) {
                break;
            }
        }
        if (created == 0) {
            glfwTerminate();
            throw new GlUnavailableException("GLFW could not open an OpenGL 3.3+ core window");
        }
        window = created;
        glfwMakeContextCurrent(window);
        glfwSwapInterval(1);
        GL.createCapabilities();
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) -> {
            if (action != GLFW_RELEASE) {
                keyHandler.pressed(key, (mods & GLFW_MOD_SHIFT) != 0);
            }
        });
        glfwSetMouseButtonCallback(window, (w, button, action, mods) -> {
            if (button != GLFW_MOUSE_BUTTON_LEFT && button != GLFW_MOUSE_BUTTON_RIGHT) {
                return;
            }
            int which = button == GLFW_MOUSE_BUTTON_LEFT ? 0 : 1;
            if (action == GLFW_PRESS) {
                heldButton = which;
                lastX = Double.NaN;
                if (which == 0) {
                    double now = glfwGetTime();
                    if (lastClickSeconds >= 0 && now - lastClickSeconds < 0.35) {
                        pointerHandler.doubleClicked();
                        lastClickSeconds = -1;
                    } else {
                        lastClickSeconds = now;
                    }
                }
            } else if (action == GLFW_RELEASE && heldButton == which) {
                heldButton = -1;
            }
        });
        glfwSetCursorPosCallback(window, (w, x, y) -> {
            if (heldButton >= 0 && !Double.isNaN(lastX)) {
                double scale = 1.0 / Math.max(1, height());
                pointerHandler.dragged(heldButton, (x - lastX) * scale, -(y - lastY) * scale);
            }
            lastX = x;
            lastY = y;
        });
        glfwSetScrollCallback(window, (w, dx, dy) -> pointerHandler.scrolled(dy));
        description = GL11.glGetString(GL11.GL_RENDERER) + ", OpenGL " + GL11.glGetString(GL11.GL_VERSION) + " (window)";
    }

    @Override
    public boolean isHeadless() {
        return false;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void bindSurface() {
        checkThread();
        GL30.glBindFramebuffer(GL30.GL_FRAMEBUFFER, 0);
        glfwGetFramebufferSize(window, framebufferWidth, framebufferHeight);
        GL11.glViewport(0, 0, framebufferWidth[0], framebufferHeight[0]);
    }

    @Override
    public void endFrame() {
        checkThread();
        glfwSwapBuffers(window);
        glfwPollEvents();
    }

    @Override
    public boolean closeRequested() {
        return glfwWindowShouldClose(window);
    }

    @Override
    public void onKey(KeyHandler handler) {
        keyHandler = handler == null ? (key, shift) -> { } : handler;
    }

    @Override
    public void onPointer(PointerHandler handler) {
        pointerHandler = handler == null ? NO_POINTER : handler;
    }

    @Override
    public void close() {
        checkThread();
        GL.setCapabilities(null);
        Callbacks.glfwFreeCallbacks(window);
        glfwDestroyWindow(window);
        glfwTerminate();
        GLFWErrorCallback previous = glfwSetErrorCallback(null);
        if (previous != null) {
            previous.free();
        }
    }
}
