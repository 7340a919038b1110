package io.github.dpoprefresh.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * docs/app-developers.md quotes {@link DpopApp} (from its line {@code // guide:begin} to {@code // guide:end}) between
 * the HTML comments {@code <!-- quote: DpopApp.java -->} and {@code <!-- end quote -->}, in a {@code java} code block:
 * the quote must be the source, so that the guide shows the code the integration tests run.
 */
class AppGuideQuoteTest {

    static final Path BASE = Path.of(System.getProperty("basedir", "."));
    static final Path GUIDE = BASE.resolve("docs/app-developers.md");
    static final Path SOURCE = BASE.resolve("src/test/java/io/github/dpoprefresh/example/DpopApp.java");

    @Test
    void guideQuotesTheExampleAsItIs() throws IOException {
        String source = between(Files.readString(SOURCE), "// guide:begin", "// guide:end");
        String quote = between(Files.readString(GUIDE), "<!-- quote: DpopApp.java -->", "<!-- end quote -->");

        assertThat(quote).as("the quote in %s (replace it with the source between the markers)", GUIDE)
                .isEqualTo("```java\n" + source + "```\n");
    }

    /** The lines after the line containing {@code begin}, up to the line containing {@code end}. */
    static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        assertThat(from).as("marker %s", begin).isNotNegative();
        from = text.indexOf('\n', from) + 1;
        int to = text.indexOf(end, from);
        assertThat(to).as("marker %s", end).isNotNegative();
        return text.substring(from, text.lastIndexOf('\n', to) + 1);
    }
}
