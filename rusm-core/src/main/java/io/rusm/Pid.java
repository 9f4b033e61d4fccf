package io.rusm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process identifier: unique for the life of its {@link ProcessRuntime}, never reused.
 *
 * <p>Printed the way Erlang prints a local pid, {@code <0.42.0>}, and parsed back from that text by
 * {@link #parse(CharSequence)}, which also accepts the bracket-free form {@code 0.42.0} that fits in a
 * URL path without escaping.
 *
 * @param id the process number, {@code >= 0}
 */
public record Pid(long id) implements Comparable<Pid> {

  private static final Pattern TEXT = Pattern.compile("<?0\\.(0|[1-9]\\d{0,18})\\.0>?");

  /**
   * @throws IllegalArgumentException if {@code id} is negative
   */
  public Pid {
    if (id < 0) {
      throw new IllegalArgumentException("pid id must be >= 0, was " + id);
    }
  }

  /**
   * Parses the text of a pid as printed by {@link #toString()}: {@code <0.42.0>}, or {@code 0.42.0}.
   *
   * @throws IllegalArgumentException naming the text if it is not a pid
   */
  public static Pid parse(CharSequence text) {
    if (text == null) {
      throw new IllegalArgumentException("pid text must not be null");
    }
    Matcher m = TEXT.matcher(text);
    boolean bracketsMatch = text.isEmpty() || ((text.charAt(0) == '<') == (text.charAt(text.length() - 1) == '>'));
    if (!m.matches() || !bracketsMatch) {
      throw new IllegalArgumentException("not a pid: '" + text + "' (expected the form <0.42.0> or 0.42.0)");
    }
    try {
      return new Pid(Long.parseLong(m.group(1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a pid: '" + text + "' (process number out of range)", e);
    }
  }

  @Override
  public int compareTo(Pid other) {
    return Long.compare(id, other.id);
  }

  @Override
  public String toString() {
    return "<0." + id + ".0>";
  }
}
