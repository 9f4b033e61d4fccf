package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExitTest {

  @Test
  void normalAndKilledAreSingletonsWithTheirOutcome() {
    assertThat(Exit.normal()).isSameAs(Exit.normal()).hasToString("normal");
    assertThat(Exit.killed()).isSameAs(Exit.killed()).hasToString("killed");
    assertThat(Exit.normal().outcome()).isEqualTo(Exit.Outcome.NORMAL);
    assertThat(Exit.killed().outcome()).isEqualTo(Exit.Outcome.KILLED);
  }

  @Test
  void failedCarriesItsCause() {
    IllegalStateException cause = new IllegalStateException("boom");
    Exit exit = Exit.failed(cause);
    assertThat(exit).isEqualTo(new Exit.Failed(cause)).hasToString("failed: " + cause);
    assertThat(exit.outcome()).isEqualTo(Exit.Outcome.FAILED);
    assertThatThrownBy(() -> Exit.failed(null)).isInstanceOf(NullPointerException.class).hasMessage("cause");
  }

  @Test
  void outcomeTagsAreLowerCase() {
    assertThat(Exit.Outcome.NORMAL.tag()).isEqualTo("normal");
    assertThat(Exit.Outcome.KILLED.tag()).isEqualTo("killed");
    assertThat(Exit.Outcome.FAILED.tag()).isEqualTo("failed");
  }
}
