package io.rusm;

/**
 * One monitor, from {@link ProcessContext#monitor}: equal only to itself, as Erlang's references are.
 * Its {@link Down} message carries it, and {@link ProcessContext#demonitor} takes it back.
 */
public final class MonitorRef {

  // Both fixed at creation. Cells, not pids, so that the exit path reaches the watcher and demonitor
  // the target without a table lookup; the target is a Pid only when it was already gone.
  final ProcessCell watcher;
  private final Object target;

  MonitorRef(ProcessCell watcher, ProcessCell target) {
    this.watcher = watcher;
    this.target = target;
  }

  MonitorRef(ProcessCell watcher, Pid gone) {
    this.watcher = watcher;
    this.target = gone;
  }

  /** The monitored process's cell, or null if it was gone when monitored. */
  ProcessCell targetCell() {
    return target instanceof ProcessCell c ? c : null;
  }

  /** The monitored process. */
  public Pid pid() {
    return target instanceof ProcessCell c ? c.pid() : (Pid) target;
  }

  @Override
  public String toString() {
    return "#Ref<" + watcher.id + "." + pid().id() + "." + Integer.toHexString(System.identityHashCode(this))
        + ">";
  }
}
