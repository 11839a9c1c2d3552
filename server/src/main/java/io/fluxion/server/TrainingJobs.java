package io.fluxion.server;

import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.core.train.TrainingDefaults;
import io.fluxion.core.train.TrainingEvent;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The server's training jobs: one runs at a time, at most {@code maxQueued} wait behind it
 * (more are refused: 429), each can be cancelled, and each publishes its state as JSON (the
 * newest state to every watcher: a slow watcher skips progress, it never queues it). A finished
 * job writes its model atomically to the models folder, where {@code /api/models} finds it. The
 * last 32 ended jobs stay listed. Thread-safe.
 */
final class TrainingJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);
    private static final int KEPT_ENDED = 32;

    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** One job: its data, where its model goes, and its latest state. */
    final class Job {
        final String id;
        final String name;
        final Path file;
        final PointSource data;
        final TrainingConfig config;
        final Sinks.Many<Map<String, Object>> states = Sinks.many().replay().latest();
        State state = State.QUEUED; // guarded by TrainingJobs.this
        TrainingEvent last;
        String error;
        Disposable run;

        Job(String id, String name, Path file, PointSource data, TrainingConfig config) {
            this.id = id;
            this.name = name;
            this.file = file;
            this.data = data;
            this.config = config;
        }

        /** The job as JSON: id, model, state, queue position, steps, loss, speed, ETA, error. */
        Map<String, Object> toJson() {
            synchronized (TrainingJobs.this) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", id);
                json.put("model", name);
                json.put("state", state.name().toLowerCase(Locale.ROOT));
                if (state == State.QUEUED) {
                    json.put("position", position(this));
                }
                json.put("step", last == null ? 0 : last.step());
                json.put("totalSteps", config.steps());
                if (last != null) {
                    json.put("loss", finiteOrNull(last.loss()));
                    json.put("stepsPerSecond", finiteOrNull(last.stepsPerSecond()));
                    json.put("etaSeconds", last.remaining().toSeconds());
                }
                if (error != null) {
                    json.put("error", error);
                }
                return json;
            }
        }

        boolean ended() {
            return state == State.DONE || state == State.FAILED || state == State.CANCELLED;
        }
    }

    private final int maxQueued;
    private final AtomicLong ids = new AtomicLong();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private Job running;
    private boolean closed;

    TrainingJobs(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /**
     * Queues a job training on {@code data} with the defaults for it ({@link TrainingDefaults})
     * and {@code steps} steps (null: the default), the model named {@code name} written to
     * {@code file}.
     *
     * @throws ApiException 429 when {@code maxQueued} jobs already wait
     */
    synchronized Job submit(String name, Path file, PointSource data, Integer steps, long seed) {
        if (closed) {
            throw new ApiException(503, "the server is shutting down");
        }
        if (queue.size() >= maxQueued) {
            throw new ApiException(429, "the training queue is full (" + maxQueued + " jobs wait behind the running one); "
                    + "try again later");
        }
        TrainingConfig.Builder builder = TrainingDefaults.forData(data, false).modelName(name).seed(seed);
        int total = steps != null ? steps : TrainingDefaults.steps(data, false);
        TrainingConfig config = builder.steps(total).reportEvery(Math.max(1, total / 100)).build();
        Job job = new Job(Long.toString(ids.incrementAndGet()), name, file, data, config);
        jobs.put(job.id, job);
        queue.addLast(job);
        job.states.tryEmitNext(job.toJson());
        forgetOldJobs();
        startNext();
        return job;
    }

    synchronized Job get(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ApiException.notFound("no training job '" + ModelCatalog.abbreviate(id) + "'");
        }
        return job;
    }

    /** @return every job still listed, oldest first, as JSON */
    synchronized List<Map<String, Object>> list() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Job job : jobs.values()) {
            list.add(job.toJson());
        }
        return list;
    }

    /** The job's states, the current one first, until it ends. */
    Flux<Map<String, Object>> states(String id) {
        return get(id).states.asFlux().onBackpressureLatest();
    }

    /** Cancels a queued or running job; an ended job stays as it was. @return the job */
    Job cancel(String id) {
        Disposable run;
        Job job;
        synchronized (this) {
            job = get(id);
            if (job.ended()) {
                return job;
            }
            queue.remove(job);
            run = job.run;
            job.state = State.CANCELLED;
        }
        if (run != null) {
            run.dispose();
        }
        end(job, null);
        return job;
    }

    /** @return jobs waiting and running, for health */
    synchronized int pending() {
        return queue.size() + (running != null ? 1 : 0);
    }

    private synchronized void startNext() {
        if (running != null || queue.isEmpty() || closed) {
            return;
        }
        Job job = queue.pollFirst();
        running = job;
        job.state = State.RUNNING;
        job.states.tryEmitNext(job.toJson());
        LOG.info("training job {}: {} for {} steps", job.id, job.name, job.config.steps());
        job.run = CfmTrainer.train(job.data, job.config)
                .doOnNext(event -> {
                    synchronized (this) {
                        job.last = event;
                    }
                    job.states.tryEmitNext(job.toJson());
                })
                .last()
                .publishOn(Schedulers.boundedElastic())
                .flatMap(event -> Mono.fromCallable(() -> {
                    ModelFiles.save(event.model(), job.file);
                    return event;
                }))
                .subscribe(event -> {
                    synchronized (this) {
                        if (job.ended()) {
                            return; // cancelled meanwhile
                        }
                        job.state = State.DONE;
                    }
                    LOG.info("training job {}: saved {}", job.id, job.file);
                    end(job, null);
                }, error -> {
                    synchronized (this) {
                        if (job.ended()) {
                            return; // cancelled meanwhile
                        }
                        job.state = State.FAILED;
                    }
                    LOG.warn("training job {} failed: {}", job.id, Json.message(error));
                    end(job, Json.message(error));
                });
    }

    private void end(Job job, String error) {
        synchronized (this) {
            job.error = error;
            if (running == job) {
                running = null;
            }
        }
        job.states.tryEmitNext(job.toJson());
        job.states.tryEmitComplete();
        startNext();
    }

    private int position(Job job) {
        int position = 1;
        for (Job queued : queue) {
            if (queued == job) {
                return position;
            }
            position++;
        }
        return 0;
    }

    private void forgetOldJobs() {
        int ended = 0;
        for (Job job : jobs.values()) {
            ended += job.ended() ? 1 : 0;
        }
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext() && ended > KEPT_ENDED; ) {
            if (it.next().ended()) {
                it.remove();
                ended--;
            }
        }
    }

    private static Object finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Cancels every job; the queue refuses new ones. */
    @Override
    public void close() {
        List<Job> pending;
        synchronized (this) {
            closed = true;
            pending = new ArrayList<>(queue);
            if (running != null) {
                pending.add(running);
            }
        }
        for (Job job : pending) {
            cancel(job.id);
        }
    }
}
