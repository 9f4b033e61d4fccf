package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PidTest {

  @Test
  void printsLikeAnErlangPidAndParsesBack() {
    Pid pid = new Pid(42);
    assertThat(pid).hasToString("<0.42.0>");
    assertThat(Pid.parse("<0.42.0>")).isEqualTo(pid);
    assertThat(Pid.parse("0.42.0")).isEqualTo(pid);
    assertThat(Pid.parse(new Pid(Long.MAX_VALUE).toString()).id()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void ordersByNumber() {
    assertThat(new Pid(1)).isLessThan(new Pid(2));
    assertThat(new Pid(7).compareTo(new Pid(7))).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<>", "42", "<0.42.0", "0.42.0>", "<1.42.0>", "<0.42.1>", "<0.-1.0>", "<0.x.0>",
      "<0.99999999999999999999.0>", " <0.1.0>"})
  void rejectsTextThatIsNotAPid(String text) {
    assertThatThrownBy(() -> Pid.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a pid: '" + text + "'");
  }

  @Test
  void rejectsANumberBeyondLong() {
    assertThatThrownBy(() -> Pid.parse("<0.9999999999999999999.0>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a pid: '<0.9999999999999999999.0>' (process number out of range)");
  }

  @Test
  void rejectsNullTextAndNegativeNumbers() {
    assertThatThrownBy(() -> Pid.parse(null)).hasMessageContaining("must not be null");
    assertThatThrownBy(() -> new Pid(-1)).hasMessageContaining("pid id must be >= 0, was -1");
  }
}
