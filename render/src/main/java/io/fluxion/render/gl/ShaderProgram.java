package io.fluxion.render.gl;

import static org.lwjgl.opengl.GL20.*;

import java.util.HashMap;
import java.util.Map;
import org.lwjgl.opengl.GL30;
import org.lwjgl.opengl.GL43;

/**
 * A linked vertex + fragment program, or a compute program ({@link #compute}). Compile and link errors throw {@link IllegalStateException}
 * with the program's name, the stage and the driver's log. Uniform locations are looked up once
 * and cached. Render thread only; {@link #close()} deletes the program.
 */
public final class ShaderProgram implements AutoCloseable {

    private final String name;
    private final int program;
    private final Map<String, Integer> uniforms = new HashMap<>();

    public ShaderProgram(String name, String vertexSource, String fragmentSource) {
        this(name, new int[] {GL_VERTEX_SHADER, GL_FRAGMENT_SHADER}, new String[] {"vertex", "fragment"},
                new String[] {vertexSource, fragmentSource});
    }

    /** A compute program (OpenGL 4.3). */
    public static ShaderProgram compute(String name, String source) {
        return new ShaderProgram(name, new int[] {GL43.GL_COMPUTE_SHADER}, new String[] {"compute"},
                new String[] {source});
    }

    private ShaderProgram(String name, int[] types, String[] stages, String[] sources) {
        this.name = name;
        int[] shaders = new int[types.length];
        try {
            for (int k = 0; k < types.length; k++) {
                shaders[k] = compile(types[k], stages[k], sources[k]);
            }
        } catch (IllegalStateException compileFailed) {
            for (int shader : shaders) {
                if (shader != 0) {
                    glDeleteShader(shader);
                }
            }
            throw compileFailed;
        }
        int linked = glCreateProgram();
        for (int shader : shaders) {
            glAttachShader(linked, shader);
        }
        glLinkProgram(linked);
        for (int shader : shaders) {
            glDeleteShader(shader);
        }
        if (glGetProgrami(linked, GL_LINK_STATUS) == 0) {
            String log = glGetProgramInfoLog(linked);
            glDeleteProgram(linked);
            throw new IllegalStateException("shader program " + name + ": link failed: " + log);
        }
        this.program = GlObjects.created(linked);
    }

    private int compile(int type, String stage, String source) {
        int shader = glCreateShader(type);
        glShaderSource(shader, source);
        glCompileShader(shader);
        if (glGetShaderi(shader, GL_COMPILE_STATUS) == 0) {
            String log = glGetShaderInfoLog(shader);
            glDeleteShader(shader);
            throw new IllegalStateException("shader program " + name + ": " + stage + " shader failed: " + log);
        }
        return shader;
    }

    public void use() {
        glUseProgram(program);
    }

    public int uniform(String uniformName) {
        return uniforms.computeIfAbsent(uniformName, u -> glGetUniformLocation(program, u));
    }

    public void set(String uniformName, float value) {
        glUniform1f(uniform(uniformName), value);
    }

    public void set(String uniformName, int value) {
        glUniform1i(uniform(uniformName), value);
    }

    /** Sets a {@code uint} uniform (the bits of {@code value}). */
    public void setUnsigned(String uniformName, int value) {
        GL30.glUniform1ui(uniform(uniformName), value);
    }

    public void set(String uniformName, float x, float y) {
        glUniform2f(uniform(uniformName), x, y);
    }

    public void set(String uniformName, float x, float y, float z) {
        glUniform3f(uniform(uniformName), x, y, z);
    }

    /** Sets a mat4 uniform from 16 floats in column-major order. */
    public void setMatrix(String uniformName, float[] columnMajor) {
        glUniformMatrix4fv(uniform(uniformName), false, columnMajor);
    }

    /** Sets a vec3 array uniform from 3·k floats. */
    public void setVec3Array(String uniformName, float[] values) {
        glUniform3fv(uniform(uniformName), values);
    }

    @Override
    public void close() {
        glDeleteProgram(program);
        GlObjects.deleted();
    }
}
