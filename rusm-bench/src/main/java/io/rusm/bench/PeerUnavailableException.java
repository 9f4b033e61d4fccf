package io.rusm.bench;

/** A peer runtime the command line asked for cannot run on this machine: the message says what to install. */
final class PeerUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  PeerUnavailableException(String message) {
    super(message);
  }
}
