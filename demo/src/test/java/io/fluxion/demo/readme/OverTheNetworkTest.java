package io.fluxion.demo.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.server.FluxionServer;
import io.fluxion.server.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/** The README's "Over the network" section, run as written: a server in-process and a Reactor Netty client. */
class OverTheNetworkTest {

    @Test
    void runsAsWritten(@TempDir Path folder) throws Exception {
        Model moons = CfmTrainer.train(Datasets.moons(), TrainingConfig.builder().width(32).depth(2).batchSize(256).steps(100)
                .build()).blockLast().model();
        ModelFiles.save(moons, folder.resolve("moons.fluxion"));
        // snippet-start
        // a server inside your own program (or run: fluxion serve --models FOLDER)
        FluxionServer server = FluxionServer.start(ServerConfig.builder().port(0).modelsFolder(folder).build());

        // a client: each binary WebSocket message is one frame
        List<Integer> counts = new CopyOnWriteArrayList<>();
        Disposable stream = HttpClient.create().websocket()
                .uri("ws://127.0.0.1:" + server.port() + "/api/models/moons/stream?particles=2000&ages=true")
                .handle((in, out) -> in.aggregateFrames(16 << 20).receiveFrames()
                        .ofType(BinaryWebSocketFrame.class)
                        .doOnNext(frame -> {
                            ByteBuf bytes = frame.content();   // little-endian, the layout above
                            int n = bytes.getIntLE(16);
                            int d = bytes.getIntLE(20);
                            float x0 = bytes.getFloatLE(32);   // particle 0: x, then y (and z when d = 3)
                            counts.add(n);
                        })
                        .then())
                .subscribe();
        // snippet-end
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (counts.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(counts.size() >= 5, "frames arrived: " + counts.size());
            assertTrue(counts.get(counts.size() - 1) > 0 && counts.get(counts.size() - 1) <= 2000, counts.toString());
        } finally {
            stream.dispose();
            server.close();
        }
    }
}
