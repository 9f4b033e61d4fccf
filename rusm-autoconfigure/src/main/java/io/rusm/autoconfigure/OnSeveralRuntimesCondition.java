package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;

/**
 * Matches when the context has more than one {@link ProcessRuntime} and none is primary: the case that
 * {@link ConditionalOnSingleCandidate} leaves out, in which metrics and health cover every runtime, each
 * by its bean name.
 */
final class OnSeveralRuntimesCondition extends NoneNestedConditions {

  OnSeveralRuntimesCondition() {
    super(ConfigurationPhase.REGISTER_BEAN);
  }

  @ConditionalOnSingleCandidate(ProcessRuntime.class)
  static final class OneRuntime {
  }

  @ConditionalOnMissingBean(ProcessRuntime.class)
  static final class NoRuntime {
  }
}
