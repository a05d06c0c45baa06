package dev.berth.api;

import static dev.berth.testing.RegistryClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid repository names, including path traversal, are refused with NAME_INVALID before anything
 * touches the disk. Raw sockets send the paths exactly as written, without client-side
 * normalisation.
 */
class NameValidationApiTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v2/UPPER/blobs/uploads/",
        "/v2/a..b/blobs/uploads/",
        "/v2/a/../b/blobs/uploads/",
        "/v2/%2e%2e/blobs/uploads/",
        "/v2/a/%2e%2e/%2e%2e/etc/blobs/uploads/",
        "/v2/a%2fb/blobs/uploads/",
        "/v2//etc/blobs/uploads/",
        "/v2/-lead/blobs/uploads/",
        "/v2/trail-/blobs/uploads/",
        "/v2/%00/blobs/uploads/",
        "/v2/../../etc/blobs/uploads/",
      })
  void invalidNames_areRefused_andLeaveNoTrace(String path) throws Exception {
    List<Path> before = listData();

    String response =
        raw(
            "POST "
                + path
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response).contains("{\"errors\":[{\"code\":\"NAME_INVALID\"");
    assertThat(listData()).isEqualTo(before);
  }

  @Test
  void backslashInPath_isRejectedByTheHttpParser() throws Exception {
    List<Path> before = listData();

    String response =
        raw(
            "POST /v2/a\\b/blobs/uploads/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(listData()).isEqualTo(before);
  }

  @Test
  void overlongName_isNameInvalid() {
    String name = "a".repeat(256);

    var response = registry.client().post("/v2/" + name + "/blobs/uploads/", new byte[0]);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorCode(response)).isEqualTo("NAME_INVALID");
  }

  @Test
  void validNestedNames_areAccepted() {
    var response =
        registry.client().post("/v2/my-team/app.web/api__v2/blobs/uploads/", new byte[0]);

    assertThat(response.statusCode()).isEqualTo(202);
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", registry.engine().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<Path> listData() throws IOException {
    try (Stream<Path> files = Files.walk(registry.data())) {
      return files
          .map(registry.data()::relativize)
          .filter(p -> !p.toString().startsWith("metadata"))
          .sorted()
          .toList();
    }
  }
}
