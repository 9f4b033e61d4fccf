package io.rusm.sample.storm;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The one storm, of any kind, the application runs at a time: spawn, message and cascade storms would
 * measure each other. Starting is check-then-act, so it is synchronized here for every kind at once.
 */
@Component
public class StormSlot {

  /** A storm as the slot sees it. */
  public interface Occupant {

    /** Whether it still runs (its report is not yet out). */
    boolean isRunning();

    /** The exception that answers a request to start another storm while this one runs. */
    StormConflictException conflict();
  }

  // Guarded by this.
  private Occupant current;

  /**
   * Starts a storm with {@code starter} unless one runs.
   *
   * @throws StormConflictException if a storm, of any kind, is running
   */
  public synchronized <T extends Occupant> T start(Supplier<T> starter) {
    if (current != null && current.isRunning()) {
      throw current.conflict();
    }
    T started = starter.get();
    current = started;
    return started;
  }
}
