package io.github.dpoprefresh.proof;

/** The text is not one JSON object ({@link StrictJson}). No stack trace: hostile input must be cheap to refuse. */
final class JsonSyntaxException extends Exception {

    JsonSyntaxException(String message, int position) {
        super(message + " at " + position, null, false, false);
    }
}
