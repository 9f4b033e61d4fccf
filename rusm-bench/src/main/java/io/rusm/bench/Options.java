package io.rusm.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The arguments of one command: positional arguments, {@code --name value} options and {@code --flag}s.
 * Every accessor checks its value and names the argument in its error.
 */
final class Options {

  private static final Pattern DECIMAL = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

  private final String command;
  private final List<String> positionals = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  private Options(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args} for {@code command}, which takes the options in {@code valueOptions} (each
   * followed by a value) and the flags in {@code flagOptions}.
   *
   * @throws UsageException for an unknown option, a repeated one, or an option without its value
   */
  static Options parse(String command, List<String> args, Set<String> valueOptions, Set<String> flagOptions)
      throws UsageException {
    Options o = new Options(command);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        o.positionals.add(arg);
      } else if (flagOptions.contains(arg)) {
        if (!o.flags.add(arg)) {
          throw new UsageException(arg + " is given twice");
        }
      } else if (valueOptions.contains(arg)) {
        if (i + 1 == args.size()) {
          throw new UsageException(arg + " needs a value");
        }
        if (o.values.put(arg, args.get(++i)) != null) {
          throw new UsageException(arg + " is given twice");
        }
      } else {
        throw new UsageException("unknown option " + arg + " for " + command);
      }
    }
    return o;
  }

  /**
   * The positional arguments, which must be exactly {@code names} in number.
   *
   * @throws UsageException naming the first missing argument, or the first extra one
   */
  List<String> positionals(String... names) throws UsageException {
    if (positionals.size() < names.length) {
      throw new UsageException(command + " needs " + names[positionals.size()]);
    }
    if (positionals.size() > names.length) {
      throw new UsageException("unexpected argument '" + positionals.get(names.length) + "' for " + command);
    }
    return positionals;
  }

  /**
   * The only positional argument, named {@code name}, or {@code null} when none is given.
   *
   * @throws UsageException naming the first extra argument
   */
  String optionalPositional(String name) throws UsageException {
    if (positionals.size() > 1) {
      throw new UsageException("unexpected argument '" + positionals.get(1) + "' for " + command + " (one " + name
          + " at most)");
    }
    return positionals.isEmpty() ? null : positionals.get(0);
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The option's value as given, or {@code null} when absent. */
  String value(String name) {
    return values.get(name);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The option's value as an integer of at least {@code min}, or {@code fallback} when absent. */
  int intOption(String name, int fallback, int min) throws UsageException {
    String text = values.get(name);
    return text == null ? fallback : parseInt(name, text, min);
  }

  /** The option's value as a number from {@code min} to {@code max}, or {@code fallback} when absent. */
  double doubleOption(String name, double fallback, double min, double max) throws UsageException {
    String text = values.get(name);
    return text == null ? fallback : parseDouble(name, text, min, max);
  }

  /** The option's value, which must be one of {@code choices}, or {@code fallback} when absent. */
  String choice(String name, String fallback, List<String> choices) throws UsageException {
    String text = values.getOrDefault(name, fallback);
    if (!choices.contains(text)) {
      throw new UsageException(name + ": expected one of " + String.join(", ", choices) + ", got '" + text + "'");
    }
    return text;
  }

  static int parseInt(String name, String text, int min) throws UsageException {
    try {
      int value = Integer.parseInt(text.replace("_", ""));
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below, with the expected range
    }
    throw new UsageException(name + ": expected an integer of at least " + min + ", got '" + text + "'");
  }

  static double parseDouble(String name, String text, double min, double max) throws UsageException {
    try {
      // Plain decimals only: Double.parseDouble would take "5d" (five days?) as 5, and "NaN" or "0x1p3".
      if (DECIMAL.matcher(text).matches()) {
        double value = Double.parseDouble(text);
        if (value >= min && value <= max) {
          return value;
        }
      }
    } catch (NumberFormatException notANumber) {
      // reported below, with the expected range
    }
    throw new UsageException(name + ": expected a number from " + fmt(min) + " to " + fmt(max) + ", got '"
        + text + "'");
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
