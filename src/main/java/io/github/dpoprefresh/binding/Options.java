package io.github.dpoprefresh.binding;

import java.util.Optional;
import java.util.function.Function;

/** The one reader of the settings' words (client attributes and server options): case and surrounding blanks ignored. */
final class Options {

    private Options() {
    }

    /** The value {@code text} names, or empty. */
    static <T> Optional<T> parse(T[] values, Function<T, String> option, String text) {
        for (T value : values) {
            if (option.apply(value).equalsIgnoreCase(text.trim())) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
