#!/usr/bin/env bash
# Builds and runs a tiny game-like program that depends on Fluxion exactly as the README's
# "Using Fluxion in your own project" section says: its <dependencies> block is copied from the
# README into a fresh pom.xml, resolved offline from the local Maven repository (run
# `mvn -B -q install -DskipTests` first), and the program trains a small model, streams it, and
# draws one frame headless into consumer.png.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dependencies="$(sed -n '/<!-- consumer-dependencies -->/,/<!-- \/consumer-dependencies -->/p' "$root/README.md" \
  | sed -n '/<dependencies>/,/<\/dependencies>/p')"
if [ -z "$dependencies" ]; then
  echo "check-consumer: no <dependencies> block between the consumer-dependencies markers of README.md" >&2
  exit 1
fi
mkdir -p "$work/src/main/java/demo"
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
$dependencies
  <build>
    <pluginManagement>
      <plugins><!-- the versions Fluxion's own build uses, so that nothing new is needed offline -->
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
POM
cat > "$work/src/main/java/demo/Main.java" <<'JAVA'
package demo;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.render.Camera2D;
import io.fluxion.render.GlContext;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import java.nio.file.Path;
import reactor.core.publisher.Mono;

public class Main {
    public static void main(String[] args) throws Exception {
        Model model = CfmTrainer.train(Datasets.moons(), TrainingConfig.builder().width(32).depth(2).steps(50).build())
                .blockLast().model();
        ParticleFrame frame = ParticleStreams.samples(Mono.just(model), StreamSpec.builder().particles(2000).frames(1).build())
                .blockFirst();
        try (GlContext context = GlContext.headless(128, 128); ParticleRenderer renderer = new ParticleRenderer(context)) {
            renderer.setCamera(new Camera2D(0.5, 0.25, 2));
            renderer.draw(frame);
            Screenshots.savePng(Screenshots.read(context), Path.of("consumer.png"));
        }
        frame.release();
        System.out.println("consumer: trained, streamed and drew " + frame.count() + " particles");
    }
}
JAVA
cd "$work"
mvn -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=classpath.txt
mvn -B -q -o compile
OMP_WAIT_POLICY=PASSIVE java --add-modules jdk.incubator.vector -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
  -cp "target/classes:$(cat classpath.txt)" demo.Main
test -s consumer.png
echo "check-consumer: the README's dependencies build and run a consumer offline"
