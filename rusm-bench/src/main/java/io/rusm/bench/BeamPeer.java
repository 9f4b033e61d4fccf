package io.rusm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The messaging workloads on Erlang/BEAM: each round launches {@code erl +S 2:2 -noshell} (two schedulers,
 * both online) running the module {@code msgbench} shipped with the bench ({@code src/main/erlang}),
 * which runs the same workload for the same time and prints one line this class parses. {@link
 * LinkCommand} runs its module {@code linkbench} through the same mechanics ({@link #start(String, String)},
 * {@link #runModule}). The module is
 * compiled with {@code erlc} into a temporary folder when the peer starts, so a missing Erlang shows
 * before any round runs. The bench installs nothing: without {@code erl} the peer fails and names the
 * Debian package to install.
 */
final class BeamPeer implements MessagingSide {

  static final String MISSING = "the beam peer needs Erlang's erl and erlc on the PATH: install the Debian"
      + " package erlang-nox (apt-get install erlang-nox), or leave beam out of --peers";
  private static final Pattern RESULT =
      Pattern.compile("^msgbench messages=(\\d+) nanos=(\\d+) backlog=(\\d+) rate=\\S+$", Pattern.MULTILINE);
  private static final long ROUND_MARGIN_SECONDS = 120;

  private final String erl;
  private final Path dir;

  private BeamPeer(String erl, Path dir) {
    this.erl = erl;
    this.dir = dir;
  }

  /**
   * Compiles {@code msgbench} with {@code erlc} (next to {@code erl}'s name: {@code erl} → {@code erlc}).
   *
   * @throws PeerUnavailableException if {@code erlc} cannot be run or fails
   */
  static BeamPeer start(String erl) throws PeerUnavailableException, InterruptedException {
    return start(erl, "msgbench");
  }

  /**
   * Compiles {@code module} (shipped as {@code erlang/MODULE.erl} on the bench's class path) with {@code
   * erlc} into a temporary folder, for {@link #runModule} to run.
   *
   * @throws PeerUnavailableException if {@code erlc} cannot be run or fails
   */
  static BeamPeer start(String erl, String module) throws PeerUnavailableException, InterruptedException {
    String file = module + ".erl";
    Path dir;
    try {
      dir = Files.createTempDirectory("rusm-" + module + "-");
      try (InputStream source = BeamPeer.class.getResourceAsStream("/erlang/" + file)) {
        if (source == null) {
          throw new IllegalStateException("erlang/" + file + " is missing from the bench's classpath");
        }
        Files.copy(source, dir.resolve(file));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the beam peer's module to a temporary folder", e);
    }
    BeamPeer peer = new BeamPeer(erl, dir);
    Output compiled;
    try {
      compiled = peer.exec(List.of(erl + "c", "-o", dir.toString(), dir.resolve(file).toString()), 120);
    } catch (IOException e) {
      peer.close();
      throw new PeerUnavailableException(MISSING + " (" + e.getMessage() + ")");
    }
    if (compiled.code() != 0) {
      peer.close();
      throw new PeerUnavailableException("erlc could not compile " + file + ": " + compiled.text().strip());
    }
    return peer;
  }

  @Override
  public String label() {
    return "beam";
  }

  @Override
  public Round run(Workload w, Duration duration) throws IOException, InterruptedException {
    String output = runModule(List.of(), "msgbench", List.of(w.kind().command,
        String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9), Integer.toString(w.size()),
        Integer.toString(w.window())), duration.toSeconds() + ROUND_MARGIN_SECONDS);
    return parse(output, w);
  }

  /**
   * Runs {@code module:main(args)} in a fresh {@code erl +S 2:2 -noshell} with the extra emulator flags
   * {@code erlFlags}; returns what it printed.
   *
   * @throws IllegalStateException if it runs longer than {@code timeoutSeconds}
   */
  String runModule(List<String> erlFlags, String module, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(erl, "+S", "2:2"));
    command.addAll(erlFlags);
    command.addAll(List.of("-noshell", "-pa", dir.toString(), "-run", module, "main"));
    command.addAll(args);
    return exec(command, timeoutSeconds).text();
  }

  /** The round in the line {@code msgbench} printed, or a failure quoting what it printed instead. */
  static Round parse(String output, Workload w) {
    Matcher m = RESULT.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("the beam peer printed no result: " + output.strip());
    }
    long backlog = w.kind() == Workload.Kind.FAN_IN ? Long.parseLong(m.group(3)) : -1;
    return new Round(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), backlog, null);
  }

  private record Output(int code, String text) {}

  private Output exec(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    // Output goes to a file, not a pipe: the child never blocks on a full pipe, and the timeout holds.
    Path log = dir.resolve("output.txt");
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
    }
    return new Output(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
