package dev.berth.api;

import io.undertow.util.HttpString;

/** Registry-specific HTTP header names (Docker Registry HTTP API v2, OCI distribution spec). */
public final class ApiHeaders {
  public static final HttpString API_VERSION = new HttpString("Docker-Distribution-API-Version");
  public static final String API_VERSION_VALUE = "registry/2.0";
  public static final HttpString CONTENT_DIGEST = new HttpString("Docker-Content-Digest");
  public static final HttpString UPLOAD_UUID = new HttpString("Docker-Upload-UUID");
  public static final HttpString CHUNK_MIN_LENGTH = new HttpString("OCI-Chunk-Min-Length");
  public static final HttpString SUBJECT = new HttpString("OCI-Subject");
  public static final HttpString FILTERS_APPLIED = new HttpString("OCI-Filters-Applied");
  public static final HttpString LINK = new HttpString("Link");

  private ApiHeaders() {}
}
