package io.rusm;

import java.util.Objects;

/**
 * How a process ended: Erlang's exit reasons {@code normal}, {@code killed} and an error, or in Tokio's
 * terms a completed task, a cancelled one, and a panicked one.
 *
 * <pre>{@code
 * switch (ref.join()) {
 *   case Exit.Normal n -> log.info("done");
 *   case Exit.Killed k -> log.info("killed");
 *   case Exit.Failed(Throwable cause) -> log.warn("failed", cause);
 * }
 * }</pre>
 */
public sealed interface Exit permits Exit.Normal, Exit.Killed, Exit.Failed {

  /** The three outcomes, as counted by the runtime and tagged in metrics. */
  enum Outcome {
    /** The body returned. */
    NORMAL,
    /** The process was killed, before or while its body ran. */
    KILLED,
    /** The body threw. */
    FAILED;

    /** The lower-case name used as a metric tag value: {@code normal}, {@code killed}, {@code failed}. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** This exit's outcome. */
  Outcome outcome();

  /** The exit of a process whose body returned. */
  static Exit normal() {
    return Normal.INSTANCE;
  }

  /** The exit of a killed process. */
  static Exit killed() {
    return Killed.INSTANCE;
  }

  /** The exit of a process whose body threw {@code cause}. */
  static Exit failed(Throwable cause) {
    return new Failed(cause);
  }

  /** The body returned. */
  record Normal() implements Exit {
    private static final Normal INSTANCE = new Normal();

    @Override
    public Outcome outcome() {
      return Outcome.NORMAL;
    }

    @Override
    public String toString() {
      return "normal";
    }
  }

  /** The process was killed. */
  record Killed() implements Exit {
    private static final Killed INSTANCE = new Killed();

    @Override
    public Outcome outcome() {
      return Outcome.KILLED;
    }

    @Override
    public String toString() {
      return "killed";
    }
  }

  /**
   * The body threw.
   *
   * @param cause what it threw
   */
  record Failed(Throwable cause) implements Exit {

    /** @throws NullPointerException if {@code cause} is null */
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public Outcome outcome() {
      return Outcome.FAILED;
    }

    @Override
    public String toString() {
      return "failed: " + cause;
    }
  }
}
