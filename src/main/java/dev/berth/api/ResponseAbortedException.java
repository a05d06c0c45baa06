package dev.berth.api;

import java.io.IOException;

/**
 * Sending a response body failed midway, almost always because the client stopped reading (a
 * cancelled {@code docker pull}, containerd giving up on a layer). Nothing to report beyond a debug
 * line; the connection is closed, since the body can no longer be completed.
 */
final class ResponseAbortedException extends IOException {
  ResponseAbortedException(IOException cause) {
    super("the response body could not be sent: " + cause.getMessage(), cause);
  }
}
