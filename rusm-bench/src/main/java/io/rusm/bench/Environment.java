package io.rusm.bench;

/** The machine and JVM a figure was measured on, printed above every result. */
final class Environment {

  private Environment() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return "JDK " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + "), "
        + rt.availableProcessors() + " cores, max heap " + (rt.maxMemory() >> 20) + " MiB, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
