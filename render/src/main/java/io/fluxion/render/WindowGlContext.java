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
