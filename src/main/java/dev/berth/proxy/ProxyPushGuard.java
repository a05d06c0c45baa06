package dev.berth.proxy;

import dev.berth.events.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.UploadService;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Uploads and mounts into a proxied prefix are refused (DENIED, saying why); all else passes
 * through.
 */
public final class ProxyPushGuard implements UploadService {
  private final UploadService local;
  private final ProxyCache cache;

  public ProxyPushGuard(UploadService local, ProxyCache cache) {
    this.local = local;
    this.cache = cache;
  }

  @Override
  public UploadId start(Caller caller, RepositoryName repository) throws IOException {
    CachingManifestService.refuseProxied(cache, repository);
    return local.start(caller, repository);
  }

  @Override
  public long append(
      Caller caller,
      RepositoryName repository,
      UploadId id,
      long start,
      InputStream body,
      long length)
      throws IOException {
    return local.append(caller, repository, id, start, body, length);
  }

  @Override
  public long size(RepositoryName repository, UploadId id) throws IOException {
    return local.size(repository, id);
  }

  @Override
  public long complete(Caller caller, RepositoryName repository, UploadId id, Digest digest)
      throws IOException {
    return local.complete(caller, repository, id, digest);
  }

  @Override
  public void cancel(Caller caller, RepositoryName repository, UploadId id) throws IOException {
    local.cancel(caller, repository, id);
  }

  @Override
  public void abandon(UploadId id) throws IOException {
    local.abandon(id);
  }

  @Override
  public Optional<Long> mount(
      Caller caller, RepositoryName repository, Digest digest, RepositoryName from)
      throws IOException {
    CachingManifestService.refuseProxied(cache, repository);
    return local.mount(caller, repository, digest, from);
  }
}
