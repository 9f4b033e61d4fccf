package io.rusm;

/**
 * What {@link ProcessContext#spawnMonitor} returns: the new process and the monitor on it.
 *
 * @param process the spawned process
 * @param ref the monitor, whose {@link Down} comes when the process ends
 */
public record Monitored(ProcessRef process, MonitorRef ref) {}
