package dev.berth.api.auth;

/**
 * A token that is not ours, not valid now, or not for this service. The reason is for debug logs
 * only; clients just hear "invalid_token".
 */
public final class InvalidTokenException extends Exception {
  InvalidTokenException(String reason) {
    super(reason, null, false, false);
  }
}
