package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutOfLineTest {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final List<Object> SEEN = new ArrayList<>();

  static String none() {
    return "none";
  }

  static String one(String a) {
    return "one " + a;
  }

  static Integer two(String a, Integer b) {
    return a.length() + b;
  }

  static String five(String a, String b, String c, long x, long y) {
    return a + b + c + x + y;
  }

  static String withLong(String a, long x) {
    return a + x;
  }

  static void effect(Object a) {
    SEEN.add(a);
  }

  static void failing() throws IOException {
    throw new IOException("checked");
  }

  @Test
  void callsAStaticMethodWithNoneOneOrTwoArgumentsAndReturnsWhatItReturns() {
    assertThat(new OutOfLine(LOOKUP, OutOfLineTest.class, "none", MethodType.methodType(String.class))
        .call(null, null)).isEqualTo("none");
    assertThat(new OutOfLine(LOOKUP, OutOfLineTest.class, "one",
        MethodType.methodType(String.class, String.class)).call("a", null)).isEqualTo("one a");
    assertThat(new OutOfLine(LOOKUP, OutOfLineTest.class, "two",
        MethodType.methodType(Integer.class, String.class, Integer.class)).call("abc", 4))
        .isEqualTo(7);
  }

  @Test
  void aVoidMethodRunsAndTheCallReturnsNull() {
    OutOfLine effect = new OutOfLine(LOOKUP, OutOfLineTest.class, "effect",
        MethodType.methodType(void.class, Object.class));
    SEEN.clear();
    assertThat(effect.call("x", null)).isNull();
    assertThat(SEEN).containsExactly("x");
  }

  @Test
  void aCheckedExceptionPassesThroughUnwrapped() {
    OutOfLine failing = new OutOfLine(LOOKUP, OutOfLineTest.class, "failing",
        MethodType.methodType(void.class));
    assertThatThrownBy(() -> failing.call(null, null)).isExactlyInstanceOf(IOException.class)
        .hasMessage("checked");
  }

  @Test
  void aMissingMethodIsNamed() {
    assertThatThrownBy(() -> new OutOfLine(LOOKUP, OutOfLineTest.class, "absent",
        MethodType.methodType(void.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent")
        .hasMessageContaining(OutOfLineTest.class.getName());
  }

  @Test
  void threeReferencesAndTwoLongsArePassedInOrder() {
    OutOfLine five = new OutOfLine(LOOKUP, OutOfLineTest.class, "five",
        MethodType.methodType(String.class, String.class, String.class, String.class, long.class,
            long.class));
    assertThat(five.call("a", "b", "c", 4, 5)).isEqualTo("abc45");
    OutOfLine withLong = new OutOfLine(LOOKUP, OutOfLineTest.class, "withLong",
        MethodType.methodType(String.class, String.class, long.class));
    assertThat(withLong.call("x", null, null, 7, 8)).isEqualTo("x7");
  }

  @Test
  void moreThanThreeReferencesAreRefused() {
    assertThatThrownBy(() -> new OutOfLine(LOOKUP, OutOfLineTest.class, "fourReferences",
        MethodType.methodType(void.class, Object.class, Object.class, Object.class, Object.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fourReferences does not take up to three references and two longs");
  }

  @Test
  void moreThanTwoLongsAreRefused() {
    assertThatThrownBy(() -> new OutOfLine(LOOKUP, OutOfLineTest.class, "threeLongs",
        MethodType.methodType(void.class, long.class, long.class, long.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threeLongs does not take up to three references and two longs");
  }

  @Test
  void aPrimitiveBeforeTheLastParameterIsRefused() {
    assertThatThrownBy(() -> new OutOfLine(LOOKUP, OutOfLineTest.class, "longFirst",
        MethodType.methodType(void.class, long.class, Object.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longFirst does not take up to three references and two longs");
  }
}
