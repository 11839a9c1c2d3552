package io.fluxion.render;

import static org.lwjgl.egl.EGL10.EGL_ALPHA_SIZE;
import static org.lwjgl.egl.EGL10.EGL_BLUE_SIZE;
import static org.lwjgl.egl.EGL10.EGL_GREEN_SIZE;
import static org.lwjgl.egl.EGL10.EGL_NONE;
import static org.lwjgl.egl.EGL10.EGL_NO_CONTEXT;
import static org.lwjgl.egl.EGL10.EGL_NO_DISPLAY;
import static org.lwjgl.egl.EGL10.EGL_NO_SURFACE;
import static org.lwjgl.egl.EGL10.EGL_PBUFFER_BIT;
import static org.lwjgl.egl.EGL10.EGL_RED_SIZE;
import static org.lwjgl.egl.EGL10.EGL_SURFACE_TYPE;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_BIT;
import static org.lwjgl.egl.EGL12.EGL_RENDERABLE_TYPE;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MAJOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MINOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_PROFILE_MASK;

import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGL10;
import org.lwjgl.egl.EGL12;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL11;
import org.lwjgl.opengl.GL30;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

/**
 * A surfaceless EGL context (EGL_MESA_platform_surfaceless, or the default display where that
 * platform is missing) drawing into an off-screen RGBA8 framebuffer. Tries GL 4.5 core, then
 * 4.3 and 3.3 core. See PLATFORM-NOTES.md for the steps and why the display is fetched through
 * the raw function pointer.
 */
final class HeadlessGlContext extends GlContext {

    private static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
    private static final long EGL_DEFAULT_DISPLAY = 0L;
    private static final int[][] VERSIONS = {{4, 5}, {4, 3}, {3, 3}};

    private final long display;
    private final long context;
    private final int framebuffer;
    private final int colourBuffer;
    private final String description;

    HeadlessGlContext(int width, int height) {
        super(width, height);
        try {
            EGLCapabilities client = EGL.createDisplayCapabilities(EGL_NO_DISPLAY);
            display = platformDisplay(client);
        } catch (LinkageError | IllegalStateException e) {
            throw new GlUnavailableException(GlContext.missingNatives(e) ? GlContext.MISSING_NATIVES
                    : "headless OpenGL needs libEGL.so.1 (Debian/Ubuntu: apt-get install libegl1 libegl-mesa0 "
                    + "libgl1-mesa-dri): " + e, e);
        }
        if (display == EGL_NO_DISPLAY) {
            throw new GlUnavailableException("EGL: no display (eglGetPlatformDisplayEXT / eglGetDisplay returned none)");
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            int[] major = new int[1];
            int[] minor = new int[1];
            if (!EGL10.eglInitialize(display, major, minor)) {
                throw failure("eglInitialize");
            }
            EGL.createDisplayCapabilities(display, major[0], minor[0]);
            if (!EGL12.eglBindAPI(EGL_OPENGL_API)) {
                throw failure("eglBindAPI(EGL_OPENGL_API)");
            }
            int[] attributes = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8, EGL_NONE};
            PointerBuffer configs = stack.mallocPointer(1);
            int[] count = new int[1];
            if (!EGL10.eglChooseConfig(display, attributes, configs, count) || count[0] == 0) {
                throw failure("eglChooseConfig (no RGBA8 OpenGL config)");
            }
            context = createContext(configs.get(0));
            if (!EGL10.eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
                throw failure("eglMakeCurrent (surfaceless)");
            }
            loadGlFunctions();
            GL.createCapabilities();
        } catch (RuntimeException e) {
            EGL10.eglTerminate(display);
            throw e;
        }
        framebuffer = GL30.glGenFramebuffers();
        colourBuffer = GL30.glGenRenderbuffers();
        GL30.glBindRenderbuffer(GL30.GL_RENDERBUFFER, colourBuffer);
        GL30.glRenderbufferStorage(GL30.GL_RENDERBUFFER, GL11.GL_RGBA8, width, height);
        GL30.glBindFramebuffer(GL30.GL_FRAMEBUFFER, framebuffer);
        GL30.glFramebufferRenderbuffer(GL30.GL_FRAMEBUFFER, GL30.GL_COLOR_ATTACHMENT0, GL30.GL_RENDERBUFFER, colourBuffer);
        int status = GL30.glCheckFramebufferStatus(GL30.GL_FRAMEBUFFER);
        if (status != GL30.GL_FRAMEBUFFER_COMPLETE) {
            close();
            throw new GlUnavailableException("headless framebuffer incomplete: 0x" + Integer.toHexString(status));
        }
        description = GL11.glGetString(GL11.GL_RENDERER) + ", OpenGL " + GL11.glGetString(GL11.GL_VERSION) + " (EGL headless)";
    }

    /** GL's function provider is process-wide: made once through EGL, kept for later contexts. */
    private static synchronized void loadGlFunctions() {
        if (GL.getFunctionProvider() == null) {
            GL.create(EGL.getFunctionProvider());
        }
    }

    private static long platformDisplay(EGLCapabilities client) {
        String extensions = EGL10.eglQueryString(EGL_NO_DISPLAY, EGL10.EGL_EXTENSIONS);
        boolean surfaceless = extensions != null && extensions.contains("EGL_MESA_platform_surfaceless");
        if (surfaceless && client.eglGetPlatformDisplayEXT != 0) {
            // LWJGL's wrapper rejects a null native display, so call the function pointer directly
            return JNI.callPPP(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, 0L, client.eglGetPlatformDisplayEXT);
        }
        return EGL10.eglGetDisplay(EGL_DEFAULT_DISPLAY);
    }

    private long createContext(long config) {
        for (int[] version : VERSIONS) {
            int[] attributes = {EGL_CONTEXT_MAJOR_VERSION, version[0], EGL_CONTEXT_MINOR_VERSION, version[1],
                EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
            long created = EGL10.eglCreateContext(display, config, EGL_NO_CONTEXT, attributes);
            if (created != EGL_NO_CONTEXT) {
                return created;
            }
        }
        throw failure("eglCreateContext (no OpenGL 3.3+ core context)");
    }

    private static GlUnavailableException failure(String call) {
        return new GlUnavailableException("EGL: " + call + " failed, error 0x" + Integer.toHexString(EGL10.eglGetError()));
    }

    @Override
    public boolean isHeadless() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void bindSurface() {
        checkThread();
        GL30.glBindFramebuffer(GL30.GL_FRAMEBUFFER, framebuffer);
        GL11.glViewport(0, 0, width(), height());
    }

    @Override
    public void endFrame() {
        checkThread();
    }

    @Override
    public boolean closeRequested() {
        return false;
    }

    @Override
    public void onKey(KeyHandler handler) {
    }

    @Override
    public void close() {
        checkThread();
        GL30.glDeleteFramebuffers(framebuffer);
        GL30.glDeleteRenderbuffers(colourBuffer);
        EGL10.eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        EGL10.eglDestroyContext(display, context);
        GL.setCapabilities(null);
        EGL10.eglTerminate(display);
    }
}
