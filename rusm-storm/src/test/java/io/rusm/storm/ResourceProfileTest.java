package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceProfileTest {

  @ParameterizedTest(name = "{0} cores: light {1}, balanced {2}, max {3}")
  @CsvSource({
      "1, 1, 1, 1",
      "2, 1, 1, 1",
      "4, 1, 1, 2",
      "10, 2, 4, 5",
      "16, 4, 6, 8",
  })
  void profilesTakeTheirShareOfTheCoresAndAtLeastOne(int cores, int light, int balanced, int max) {
    assertThat(ResourceProfile.LIGHT.spawners(cores)).isEqualTo(light);
    assertThat(ResourceProfile.BALANCED.spawners(cores)).isEqualTo(balanced);
    assertThat(ResourceProfile.MAX.spawners(cores)).isEqualTo(max);
  }

  @ParameterizedTest(name = "{0} cores")
  @CsvSource({"1", "2", "4", "10", "16"})
  void settingsTakeTheProfileUnlessTheyNameACount(int cores) {
    StormSettings settings = StormSettings.defaults();
    assertThat(settings.spawnerCount(cores)).isEqualTo(ResourceProfile.BALANCED.spawners(cores));
    assertThat(settings.withProfile(ResourceProfile.MAX).spawnerCount(cores))
        .isEqualTo(ResourceProfile.MAX.spawners(cores));
    assertThat(settings.withProfile(ResourceProfile.MAX).withSpawners(3).spawnerCount(cores)).isEqualTo(3);
  }
}
