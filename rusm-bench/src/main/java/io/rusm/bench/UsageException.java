package io.rusm.bench;

/** A command line the bench cannot run: the message names the argument that was wrong. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
