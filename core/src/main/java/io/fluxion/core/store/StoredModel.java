package io.fluxion.core.store;

import io.fluxion.core.model.Model;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model: the model, the store's version number for it, the stamp of the file it was
 * read from, and a reference count (one for the cache while the entry is cached, one per open
 * lease). The weights are freed (their off-heap arrays closed) when the count reaches zero; after
 * that no lease can be taken on this entry. Thread-safe.
 */
final class StoredModel {

    private final Model model;
    private final long version;
    private final FileStamp stamp;
    private final long bytes;
    private final AtomicInteger references = new AtomicInteger(1);
    private final Runnable onFree;
    private volatile boolean freed;

    StoredModel(Model model, long version, FileStamp stamp, Runnable onFree) {
        this.model = model;
        this.version = version;
        this.stamp = stamp;
        this.onFree = onFree;
        this.bytes = Math.max(1024, model.field().sizeInBytes());
    }

    Model model() {
        return model;
    }

    long version() {
        return version;
    }

    FileStamp stamp() {
        return stamp;
    }

    /** @return the weight of the entry: its field's bytes (at least 1 KB, for the model itself), capped to an int. */
    int weight() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes));
    }

    long bytes() {
        return bytes;
    }

    boolean isFreed() {
        return freed;
    }

    /** Takes a reference; false when the entry was already freed. */
    boolean retain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one frees the weights. */
    void release() {
        if (references.decrementAndGet() == 0) {
            freed = true;
            model.field().close();
            onFree.run();
        }
    }
}
