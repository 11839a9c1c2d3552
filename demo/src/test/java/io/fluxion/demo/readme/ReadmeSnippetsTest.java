package io.fluxion.demo.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README is marked {@code <!-- snippet: ClassName -->} and must equal
 * the code of that test class in this package: the lines between its {@code // snippet-start} and
 * {@code // snippet-end} markers, unindented (several regions are joined by a blank line), after
 * the class's imports that this code uses. So the README's code is compiled and run by the
 * build. To rewrite the README's blocks from the tests after changing one:
 * {@code mvn -pl demo test -Dtest=ReadmeSnippetsTest -Dreadme.update=true}.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "fluxion", "demo", "readme");
    private static final Pattern BLOCK = Pattern.compile("<!-- snippet: (\\w+) -->\n```java\n(.*?)```", Pattern.DOTALL);

    /** The README block for the test class {@code name}, made from its source. */
    static String snippet(String name) throws IOException {
        List<String> lines = Files.readAllLines(SOURCES.resolve(name + ".java"), StandardCharsets.UTF_8);
        List<String> body = new ArrayList<>();
        int indent = -1;
        boolean inside = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.equals("// snippet-start")) {
                inside = true;
                indent = line.indexOf('/');
                if (!body.isEmpty()) {
                    body.add("");
                }
            } else if (trimmed.equals("// snippet-end")) {
                inside = false;
            } else if (inside) {
                body.add(line.isBlank() ? "" : line.substring(Math.min(indent, line.length() - line.stripLeading().length())));
            }
        }
        if (body.isEmpty()) {
            throw new IllegalStateException(name + ".java has no // snippet-start ... // snippet-end region");
        }
        String code = String.join("\n", body) + "\n";
        List<String> imports = lines.stream()
                .filter(line -> line.startsWith("import ") && usedIn(code, line))
                .collect(Collectors.toList());
        return String.join("\n", imports) + "\n\n" + code;
    }

    /** Whether the simple name an import brings in appears in {@code code}. */
    private static boolean usedIn(String code, String importLine) {
        String name = importLine.substring(importLine.lastIndexOf('.') + 1, importLine.length() - 1);
        return Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(code).find();
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCompiledAndRunByATest() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        long javaBlocks = Pattern.compile("```java\n").matcher(readme).results().count();
        Matcher matcher = BLOCK.matcher(readme);
        StringBuilder updated = new StringBuilder();
        List<String> stale = new ArrayList<>();
        int marked = 0;
        while (matcher.find()) {
            marked++;
            String expected = snippet(matcher.group(1));
            if (!expected.equals(matcher.group(2))) {
                stale.add(matcher.group(1));
            }
            matcher.appendReplacement(updated, Matcher.quoteReplacement(
                    "<!-- snippet: " + matcher.group(1) + " -->\n```java\n" + expected + "```"));
        }
        matcher.appendTail(updated);
        if (Boolean.getBoolean("readme.update") && !stale.isEmpty()) {
            Files.writeString(README, updated.toString(), StandardCharsets.UTF_8);
            System.out.println("README blocks rewritten: " + stale);
            stale.clear();
        }
        assertEquals(javaBlocks, marked, "every ```java block of the README is preceded by <!-- snippet: TestClass -->");
        assertTrue(marked >= 3, "the README's Java sections are marked");
        assertEquals(List.of(), stale, "README blocks that differ from their tests (rewrite them with "
                + "mvn -pl demo test -Dtest=ReadmeSnippetsTest -Dreadme.update=true)");
    }
}
