package io.fluxion.render;

/**
 * Particles that live in OpenGL buffers (say, a flow computed on the GPU), for
 * {@link ParticleRenderer#draw(GpuParticles, float)} to draw without a copy to the CPU. Every
 * buffer holds floats in data coordinates, the coordinates of CPU frames. Read on the render
 * thread; the buffers belong to the implementation.
 */
public interface GpuParticles {

    /** @return particles in the buffers now */
    int count();

    /** @return the dimension d (2 or 3) */
    int dimension();

    /** @return the GL name of the buffer of positions [count, d] */
    int positionBuffer();

    /** @return the GL name of the buffer of velocities [count, d] */
    int velocityBuffer();

    /** @return true when each particle has its own flow time, in {@link #timeBuffer()} */
    boolean hasParticleTimes();

    /** @return the GL name of the buffer of flow times [count], when {@link #hasParticleTimes()} */
    int timeBuffer();
}
