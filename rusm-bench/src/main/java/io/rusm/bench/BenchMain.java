package io.rusm.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The rusm bench: spawn storms against raw virtual threads, idle-process memory, messaging and links
 * against peer runtimes, and the JMH benchmarks.
 * Run {@code help} for the commands. Exit codes: 0 done, 1 a storm or the message counters did not balance,
 * 2 a bad command line, 3 a peer runtime asked for cannot run here.
 */
public final class BenchMain {

  static final String USAGE = String.join(System.lineSeparator(),
      "usage:",
      "  run spawn-storm SECONDS [--live N] [--profile light|balanced|max] [--spawners K]",
      "                          [--sleep-ms N] [--spin-us N] [--fail F] [--kill F] [--tick-ms N]",
      "                          [--baseline [--rounds N] [--forks F] | --raw] [--stripes N] [--thread-names]",
      "      a spawn storm for SECONDS: ticks, then the report. --live caps the live population (default",
      "      10000); the profile picks the spawner count (about 1/4, 2/5 or 1/2 of the cores, at least one)",
      "      unless --spawners names it; each process sleeps --sleep-ms, spins --spin-us, fails with",
      "      probability --fail and is killed right after spawning with probability --kill (default: it",
      "      yields once and returns). --baseline alternates rusm and raw virtual-thread rounds (--rounds,",
      "      default 5, after a warm-up of each) and prints their medians and the ratio rusm/raw; --forks runs",
      "      that in F fresh JVMs, one after another, then pools their rounds into the same figures; --raw",
      "      runs the raw storm alone, with no runtime in the JVM, to measure or profile each side on its own.",
      "  run semaphore-storm SECONDS [--permits N] [--spawners K] [--baseline [--forks F] | --raw]",
      "                              [--rounds N] [--stripes N] [--thread-names]",
      "      a spawn storm bounded by a shared semaphore of --permits (default 10000): each spawner acquires",
      "      a permit before each spawn, each process yields once and releases it. Runs at each spawner",
      "      count from 1 to all cores, or at --spawners K, through one runtime reused for every round;",
      "      --baseline alternates with raw virtual threads (--rounds, default 5, after a warm-up of each);",
      "      --forks runs that in F fresh JVMs and pools their rounds at each spawner count. --raw runs the",
      "      raw storm alone, with no runtime in the JVM; either side alone runs one round, or with --rounds",
      "      a warm-up and N rounds with their rates per CPU-second, to compare JVMs that each ran one side.",
      "  run idle N [--baseline] [--receive] [--stripes N] [--thread-names]",
      "      N processes parked until killed: heap bytes per live process, time to spawn and to kill them",
      "      all; --baseline measures raw parked virtual threads the same way; --receive also measures N",
      "      processes blocked in receive() on an empty mailbox, and what that adds to each.",
      "  run mass-kill N [--baseline] [--rounds R] [--receive] [--stripes N] [--thread-names]",
      "      the cold kill: each round a fresh JVM parks N processes, then times from the kill to the last",
      "      exit; --baseline alternates with fresh JVMs of raw virtual threads (--rounds, default 3);",
      "      --receive has each process wait in receive() (raw threads in a LinkedTransferQueue) instead.",
      "  run ping-pong SECONDS [--pairs N] [COMPARE]",
      "      N pairs of processes bouncing a small record (default 1 pair); a ping and a pong are two messages.",
      "  run ring SECONDS [--size N] [COMPARE]",
      "      Joe Armstrong's ring: N processes (default 10000), each sending one token on to the next; a hop",
      "      is one message.",
      "  run fan-in SECONDS [--senders N] [--window W] [COMPARE]",
      "      N senders (default 1000) sending to one receiver as fast as their credit allows: each may have W",
      "      messages unacknowledged (default 64) and gets W/2 more each time the receiver takes its W/2-th;",
      "      counts what the receiver takes and prints its backlog when it stopped.",
      "      Each messaging workload prints messages/s and whether the runtime's message counters balanced",
      "      (sent == delivered + dead letters, delivered == received + dropped). COMPARE is",
      "      [--baseline] [--peers pekko,beam] [--rounds N] [--forks F] [--stripes N] [--thread-names]:",
      "      --baseline adds raw virtual threads with a LinkedTransferQueue mailbox (raw-ltq) and with a",
      "      ConcurrentLinkedQueue and park/unpark (raw-park); --peers adds Apache Pekko typed actors in this",
      "      JVM (2 dispatcher threads) and Erlang/BEAM (erl +S 2:2, needs the Debian package erlang-nox).",
      "      Rounds alternate (--rounds, default 5, after two warm-ups) and end with the medians and rusm's",
      "      ratio to each side. --forks runs the comparison in F fresh JVMs, one after another, then prints",
      "      the same over all their rounds.",
      "  run link-star [N] [LINK OPTIONS]",
      "      a hub spawn-links N children (default 1000000) waiting in receive(); the hub is killed.",
      "  run link-chain [N] [LINK OPTIONS]",
      "      each process spawn-links the next from its body, N deep, all waiting in receive(); the head is",
      "      killed once all N have linked.",
      "  run monitor-fan [N] [LINK OPTIONS]",
      "      N watchers monitor one target waiting in receive(), each returning on its Down; the target is",
      "      killed.",
      "  run spawn-link-storm [N] [LINK OPTIONS]",
      "      a parent trapping exits spawn-links N children that return at once, at most 1,000 alive, and",
      "      counts their exit signals.",
      "      Each prints per round the setup and the time from the cause (the kill; the start for the storm)",
      "      to the last exit, then the medians; link-star and monitor-fan then print the heap per link end",
      "      and per monitor. LINK OPTIONS are [--rounds R] [--baseline] [--peers beam] [--stripes N]",
      "      [--thread-names]: R rounds (default 3) after a warm-up round of at most 100000; --baseline runs",
      "      each round on raw virtual threads too (a mailbox, a table entry and a finally that signals each",
      "      dependant: the JVM's floor); --peers beam follows each round with one on Erlang/BEAM",
      "      (erl +S 2:2, needs the Debian package erlang-nox), same N.",
      "  headless",
      "      a three-second storm with the default settings, printing its ticks.",
      "  jmh [JMH options]",
      "      the JMH benchmarks (SpawnJoin, KillToExit, StripeDesign, SpawnThroughput, MessageLatency,",
      "      RequestReply, MailboxQueue); -h lists options.",
      "  help",
      "      this text.");

  private static final String BENCHMARKS =
      "spawn-storm, semaphore-storm, idle, mass-kill, ping-pong, ring, fan-in, link-star, link-chain,"
          + " monitor-fan or spawn-link-storm";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    int code = run(Arrays.asList(args), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command in {@code args}; returns the exit code. */
  static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    try {
      Command command = parse(args);
      return command.run(out);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (PeerUnavailableException e) {
      err.println("error: " + e.getMessage());
      return 3;
    }
  }

  /** A parsed command line, ready to run. */
  interface Command {
    int run(PrintStream out) throws Exception;
  }

  static Command parse(List<String> args) throws UsageException {
    if (args.isEmpty()) {
      throw new UsageException("no command given");
    }
    List<String> rest = args.subList(1, args.size());
    switch (args.get(0)) {
      case "run" -> {
        if (rest.isEmpty()) {
          throw new UsageException("run needs a benchmark: " + BENCHMARKS);
        }
        List<String> options = rest.subList(1, rest.size());
        return switch (rest.get(0)) {
          case "spawn-storm" -> StormCommand.parse(options)::run;
          case "semaphore-storm" -> SemaphoreStormCommand.parse(options)::run;
          case "idle" -> IdleCommand.parse(options)::run;
          case "mass-kill" -> MassKillCommand.parse(options)::run;
          case "ping-pong" -> MessagingCommand.parse(Workload.Kind.PING_PONG, options)::run;
          case "ring" -> MessagingCommand.parse(Workload.Kind.RING, options)::run;
          case "fan-in" -> MessagingCommand.parse(Workload.Kind.FAN_IN, options)::run;
          case "link-star" -> LinkCommand.parse(LinkCommand.Kind.STAR, options)::run;
          case "link-chain" -> LinkCommand.parse(LinkCommand.Kind.CHAIN, options)::run;
          case "monitor-fan" -> LinkCommand.parse(LinkCommand.Kind.MONITOR, options)::run;
          case "spawn-link-storm" -> LinkCommand.parse(LinkCommand.Kind.STORM, options)::run;
          default -> throw new UsageException("unknown benchmark '" + rest.get(0) + "': expected " + BENCHMARKS);
        };
      }
      case MassKillCommand.CHILD -> {
        // Not in the usage: what run mass-kill launches in each fresh JVM.
        return MassKillCommand.parseChild(rest);
      }
      case "headless" -> {
        Options.parse("headless", rest, Set.of(), Set.of()).positionals();
        return StormCommand.headless()::run;
      }
      case "jmh" -> {
        return out -> {
          org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
          return 0;
        };
      }
      case "help", "-h", "--help" -> {
        return out -> {
          out.println(USAGE);
          return 0;
        };
      }
      default -> throw new UsageException("unknown command '" + args.get(0) + "'");
    }
  }
}
