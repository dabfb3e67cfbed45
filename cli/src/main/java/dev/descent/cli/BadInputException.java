package dev.descent.cli;

/**
 * Input the user can fix: an unknown name, an invalid number, an unreadable file. The command prints its message
 * on one line and exits with status 2.
 */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
