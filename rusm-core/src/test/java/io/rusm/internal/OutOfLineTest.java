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
  void moreThanTwoParametersAreRefused() {
    assertThatThrownBy(() -> new OutOfLine(LOOKUP, OutOfLineTest.class, "three",
        MethodType.methodType(void.class, Object.class, Object.class, Object.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("three takes more than two parameters");
  }
}
