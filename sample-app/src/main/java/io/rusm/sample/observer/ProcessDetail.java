package io.rusm.sample.observer;

import io.rusm.Pid;
import io.rusm.ProcessInfo;
import java.time.Instant;
import java.util.List;

/**
 * One live process as the observer shows it when it is selected: what its table row shows, and its links
 * and monitors.
 *
 * @param pid its pid, as {@code <0.42.0>}
 * @param name its name, or {@code null}
 * @param state {@code STARTING}, {@code RUNNING}, {@code WAITING} or {@code EXITING}
 * @param ageMillis how long it has lived
 * @param mailboxLength messages waiting in its mailbox
 * @param links its links and monitors
 */
public record ProcessDetail(String pid, String name, String state, long ageMillis, long mailboxLength, Links links) {

  /**
   * A process's links and monitors.
   *
   * @param count processes linked to it
   * @param pids up to {@value ProcessInfo#MAX_LINKED_PIDS} of them, as {@code <0.42.0>}
   * @param monitoredBy monitors other processes hold on it
   * @param monitoring monitors it holds on others
   * @param trapsExits whether it traps exits
   */
  public record Links(int count, List<String> pids, int monitoredBy, int monitoring, boolean trapsExits) {
  }

  static ProcessDetail of(ProcessInfo info, Instant now) {
    ProcessInfo.Links l = info.links();
    return new ProcessDetail(info.pid().toString(), info.name(), info.state().name(), info.age(now).toMillis(),
        info.mailboxLength(), new Links(l.count(), l.pids().stream().map(Pid::toString).toList(), l.monitoredBy(),
            l.monitoring(), l.trapsExits()));
  }
}
