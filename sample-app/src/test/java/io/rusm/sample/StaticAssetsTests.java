package io.rusm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dashboard is served at / and every script and stylesheet it names resolves, uPlot's included. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaticAssetsTests {

  @LocalServerPort
  int port;

  @Test
  void theDashboardAndEverythingItLoadsAreServed() {
    Http http = new Http(port);
    Http.Answer index = http.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.contentType()).startsWith("text/html");

    Matcher m = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(index.body());
    List<String> assets = m.results().map(r -> r.group(1)).toList();
    assertThat(assets).contains("/app.js", "/app.css")
        .anyMatch(a -> a.startsWith("/webjars/uplot/") && a.endsWith("uPlot.iife.min.js"))
        .anyMatch(a -> a.startsWith("/webjars/uplot/") && a.endsWith("uPlot.min.css"));
    for (String asset : assets) {
      Http.Answer answer = http.get(asset);
      assertThat(answer.status()).as(asset).isEqualTo(200);
      assertThat(answer.body()).as(asset).isNotBlank();
    }
    assertThat(http.get(assets.stream().filter(a -> a.endsWith("uPlot.iife.min.js")).findFirst().orElseThrow())
        .body()).contains("uPlot");
  }
}
