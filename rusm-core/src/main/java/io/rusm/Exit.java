package io.rusm;

import java.util.Objects;

/**
 * How a process ended: Erlang's exit reasons {@code normal}, {@code killed} and an error, or in Tokio's
 * terms a completed task, a cancelled one, and a panicked one. A process taken down by a linked
 * process's exit is {@link Killed} too, and says where the cascade came from.
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

  /**
   * Erlang's {@code noproc}: the reason given for a process that was already gone when it was linked to
   * or monitored. A failure whose cause is a {@link NoSuchProcessException} naming {@code pid}; equal to
   * every other noproc of the same pid.
   *
   * @throws NullPointerException if {@code pid} is null
   */
  static Exit noproc(Pid pid) {
    return new Failed(new NoSuchProcessException(Objects.requireNonNull(pid, "pid"), "link to or monitor"));
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

  /**
   * The process was killed: directly ({@link ProcessRef#kill()}; every component is null), or by the
   * exit of a process it was linked to. Cascades do not nest: the last process of a long chain of links
   * names the process next to it, the one where the chain started, and that one's own exit.
   *
   * @param from the linked process whose exit killed this one, or null for a direct kill
   * @param origin the process whose exit started the cascade (equal to {@code from} for a direct link),
   *     or null for a direct kill
   * @param reason the origin's exit: never itself a cascade; null for a direct kill
   */
  record Killed(Pid from, Pid origin, Exit reason) implements Exit {
    private static final Killed INSTANCE = new Killed(null, null, null);

    /**
     * @throws NullPointerException naming the component, if some but not all three are null
     * @throws IllegalArgumentException if {@code reason} is itself a linked kill (cascades do not nest)
     */
    public Killed {
      if (from != null || origin != null || reason != null) {
        Objects.requireNonNull(from, "from (null only with origin and reason, for a direct kill)");
        Objects.requireNonNull(origin, "origin (null only with from and reason, for a direct kill)");
        Objects.requireNonNull(reason, "reason (null only with from and origin, for a direct kill)");
        if (reason instanceof Killed k && k.isLinked()) {
          throw new IllegalArgumentException("reason must be the origin's own exit, not a cascade, was " + reason);
        }
      }
    }

    /** A kill by the exit of {@code from}, whose own exit was {@code exit}. */
    static Killed byLinkedExit(Pid from, Exit exit) {
      if (exit instanceof Killed k && k.origin != null) {
        return new Killed(from, k.origin, k.reason);
      }
      return new Killed(from, from, exit);
    }

    /** Whether a linked process's exit, rather than a direct kill, ended the process. */
    public boolean isLinked() {
      return from != null;
    }

    @Override
    public Outcome outcome() {
      return Outcome.KILLED;
    }

    @Override
    public String toString() {
      if (from == null) {
        return "killed";
      }
      return "killed by linked " + from + (origin.equals(from) ? "" : " (from " + origin + ")") + ": "
          + reason;
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
