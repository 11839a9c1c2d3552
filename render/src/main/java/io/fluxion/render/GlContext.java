package io.fluxion.render;

/**
 * An OpenGL (3.3 core or newer, 4.5 where the driver has it) context and the surface frames are
 * drawn into: a GLFW window when there is a display, or an off-screen framebuffer in a headless
 * EGL context (Mesa's llvmpipe, or any vendor's EGL) when there is none.
 *
 * <p>Threading: the thread that creates the context is its render thread; every method except
 * {@link #width()}, {@link #height()} and {@link #isHeadless()} must be called on it, and so
 * must every GL call of the renderers that draw into it ({@link #checkThread()} enforces it).
 * {@link #close()} frees the surface and the context.
 */
public abstract class GlContext implements AutoCloseable {

    private final Thread renderThread = Thread.currentThread();
    private final int width;
    private final int height;

    /**
     * For contexts made elsewhere, e.g. a game engine's own window: a subclass binds that surface and
     * ends its frames, and the renderers draw into it. The calling thread becomes the render thread.
     */
    protected GlContext(int width, int height) {
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("GlContext: size must be 1..16384 pixels, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
    }

    /** A window when a display is available and GLFW can open one, otherwise a headless context. */
    public static GlContext open(String title, int width, int height) {
        if (displayAvailable()) {
            try {
                return window(title, width, height);
            } catch (GlUnavailableException windowFailed) {
                System.err.println("fluxion: no window (" + windowFailed.getMessage() + "); rendering headless");
            }
        }
        return headless(width, height);
    }

    /**
     * A headless context drawing into an off-screen RGBA8 framebuffer of the given size.
     * The system property {@code fluxion.noGl=true} makes this fail as if no EGL were installed
     * (to exercise callers' pure-Java fallbacks).
     */
    public static GlContext headless(int width, int height) {
        if (Boolean.getBoolean("fluxion.noGl")) {
            throw new GlUnavailableException("OpenGL disabled by -Dfluxion.noGl=true");
        }
        return new HeadlessGlContext(width, height);
    }

    /** A GLFW window with an OpenGL core context; its size is the framebuffer size in pixels. */
    public static GlContext window(String title, int width, int height) {
        return new WindowGlContext(title, width, height);
    }

    /** What to say when LWJGL's own native library is missing: the cause is the class path, not the system. */
    static final String MISSING_NATIVES = "LWJGL's native libraries for this platform are not on the class path: add "
            + "org.lwjgl:lwjgl, lwjgl-opengl and lwjgl-glfw with the classifier of this platform (natives-linux, "
            + "natives-windows, natives-macos, ...; see the README's \"Using Fluxion in your own project\")";

    /** Whether {@code error} says that LWJGL's own native library (not the system's GL) could not be loaded. */
    static boolean missingNatives(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof UnsatisfiedLinkError
                    && (message.contains("liblwjgl.") || message.contains("lwjgl.dll"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether an X11 or Wayland display is named in the environment. */
    public static boolean displayAvailable() {
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    /** Width of the drawable surface in pixels (a window's framebuffer at creation). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public abstract boolean isHeadless();

    /** The driver's GL_RENDERER and GL_VERSION strings, for logs and the HUD. */
    public abstract String description();

    /** Binds the surface's framebuffer (0 for a window, the off-screen one when headless) for drawing. */
    public abstract void bindSurface();

    /** Ends a frame: swaps a window's buffers and polls its events; a no-op when headless. */
    public abstract void endFrame();

    /** True once the user asked to close the window; always false when headless. */
    public abstract boolean closeRequested();

    /** Sets the handler of key presses (windows only; ignored when headless). */
    public abstract void onKey(KeyHandler handler);

    /** @throws IllegalStateException when called from a thread other than the render thread */
    public void checkThread() {
        if (Thread.currentThread() != renderThread) {
            throw new IllegalStateException("GL call from thread " + Thread.currentThread().getName()
                    + "; the render thread is " + renderThread.getName());
        }
    }

    @Override
    public abstract void close();

    /** Receives key presses on the render thread (GLFW key codes, e.g. {@code GLFW_KEY_SPACE}). */
    @FunctionalInterface
    public interface KeyHandler {
        void pressed(int key, boolean shift);
    }

    /**
     * Sets what happens on mouse input (render thread, during {@link #endFrame()}); a headless
     * context has no pointer and ignores it.
     */
    public void onPointer(PointerHandler handler) {
    }

    /** Mouse input, in fractions of the surface's height so it does not depend on the size. */
    public interface PointerHandler {
        /** Left (0) or right (1) button held while moving by dx (right) and dy (up). */
        void dragged(int button, double dx, double dy);

        /** The wheel turned by {@code clicks} (positive: away from the user). */
        void scrolled(double clicks);

        /** The left button clicked twice within 0.35 s. */
        void doubleClicked();
    }
}
