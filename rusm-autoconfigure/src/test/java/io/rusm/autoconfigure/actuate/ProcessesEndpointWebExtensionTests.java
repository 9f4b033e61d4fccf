package io.rusm.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.KillDescriptor;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.ProcessDescriptor;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.ProcessesDescriptor;
import io.rusm.autoconfigure.actuate.ProcessesEndpointWebExtension.ErrorDescriptor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

class ProcessesEndpointWebExtensionTests {

  private final ProcessRuntime runtime = ProcessRuntime.builder().build();
  private final ProcessesEndpointWebExtension extension =
      new ProcessesEndpointWebExtension(new ProcessesEndpoint(runtime));
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseAndShutDown() {
    release.countDown();
    runtime.shutdown(Duration.ZERO);
  }

  @Test
  void aPageIsOk() {
    WebEndpointResponse<OperationResponseBody> response = extension.processes(" 7", "mailbox");
    assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
    assertThat(response.getBody()).isInstanceOfSatisfying(ProcessesDescriptor.class,
        page -> assertThat(page.page()).extracting(p -> p.limit(), p -> p.sort()).containsExactly(7, "mailbox"));
  }

  @Test
  void aNegativeLimitIsABadRequestSayingWhy() {
    assertResponse(extension.processes("-3", null), WebEndpointResponse.STATUS_BAD_REQUEST,
        new ErrorDescriptor("limit must be zero or positive, was -3"));
  }

  @Test
  void aLimitThatIsNotAWholeNumberIsABadRequestNamingIt() {
    for (String limit : new String[] {"many", "1.5", "", "-", "1e3", "--1"}) {
      assertResponse(extension.processes(limit, null), WebEndpointResponse.STATUS_BAD_REQUEST,
          new ErrorDescriptor("limit must be a whole number from 0, was '" + limit + "'"));
    }
  }

  @Test
  void aWholeLimitBeyondAnyIntIsCappedAsAnyOtherLimitAboveTheCap() {
    for (String limit : new String[] {"3000000000", "99999999999999999999999", "+5000"}) {
      assertThat(extension.processes(limit, null).getBody()).isInstanceOfSatisfying(ProcessesDescriptor.class,
          page -> {
            assertThat(page.page().limit()).isEqualTo(ProcessesEndpoint.MAX_LIMIT);
            assertThat(page.page().capped()).isTrue();
          });
    }
    assertResponse(extension.processes("-99999999999", null), WebEndpointResponse.STATUS_BAD_REQUEST,
        new ErrorDescriptor("limit must be zero or positive, was -99999999999"));
  }

  @Test
  void leadingZerosAndSignsReadAsTheNumberTheyWrite() {
    for (String[] limitAndValue : new String[][] {{"00000000005", "5"}, {"-0", "0"}, {"000", "0"}, {"+07", "7"}}) {
      assertThat(extension.processes(limitAndValue[0], null).getBody()).as(limitAndValue[0])
          .isInstanceOfSatisfying(ProcessesDescriptor.class,
              page -> assertThat(page.page().limit()).isEqualTo(Integer.parseInt(limitAndValue[1])));
    }
  }

  @Test
  void noLimitIsTheDefault() {
    assertThat(extension.processes(null, null).getBody()).isInstanceOfSatisfying(ProcessesDescriptor.class,
        page -> assertThat(page.page().limit()).isEqualTo(ProcessesEndpoint.DEFAULT_LIMIT));
  }

  @Test
  void anUnknownSortIsABadRequestNamingTheAllowedValue() {
    assertResponse(extension.processes(null, "MAILBOX"), WebEndpointResponse.STATUS_BAD_REQUEST, new ErrorDescriptor(
        "sort must be 'mailbox' (longest mailbox first) or absent (table order), was 'MAILBOX'"));
  }

  @Test
  void aLiveProcessIsOk() {
    ProcessRef worker = runtime.spawn("worker", ctx -> release.await());
    String pid = worker.pid().toString();
    WebEndpointResponse<?> response = extension.process(pid);
    assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
    assertThat(response.getBody()).isInstanceOfSatisfying(ProcessDescriptor.class, process -> {
      assertThat(process.pid()).isEqualTo(pid);
      assertThat(process.name()).isEqualTo("worker");
    });
  }

  @Test
  void aPidThatIsNotLiveIsNotFound() {
    assertResponse(extension.process("0.77.0"), WebEndpointResponse.STATUS_NOT_FOUND,
        new ErrorDescriptor("no live process <0.77.0>"));
    assertResponse(extension.kill("<0.77.0>"), WebEndpointResponse.STATUS_NOT_FOUND,
        new ErrorDescriptor("no live process <0.77.0>"));
  }

  @Test
  void aTextThatIsNotAPidIsABadRequestSayingWhy() {
    ErrorDescriptor notAPid = new ErrorDescriptor("not a pid: '0.x.0' (expected the form <0.42.0> or 0.42.0)");
    assertResponse(extension.process("0.x.0"), WebEndpointResponse.STATUS_BAD_REQUEST, notAPid);
    assertResponse(extension.kill("0.x.0"), WebEndpointResponse.STATUS_BAD_REQUEST, notAPid);
  }

  @Test
  void killingALiveProcessIsOk() throws Exception {
    ProcessRef worker = runtime.spawn(ctx -> release.await());
    String pid = worker.pid().toString();
    assertResponse(extension.kill(pid), WebEndpointResponse.STATUS_OK, new KillDescriptor(pid, true));
    worker.join();
  }

  private static void assertResponse(WebEndpointResponse<OperationResponseBody> response, int status,
      OperationResponseBody body) {
    assertThat(response.getStatus()).isEqualTo(status);
    assertThat(response.getBody()).isEqualTo(body);
  }
}
