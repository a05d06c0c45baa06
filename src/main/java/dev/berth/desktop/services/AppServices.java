package dev.berth.desktop.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.browse.RepositoryBrowser;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.ListenAddress;
import dev.berth.events.RegistryEvents;
import dev.berth.proxy.ProxyCache;
import dev.berth.registry2.Registry2Importer;
import dev.berth.users.UserStore;
import java.net.URI;

/**
 * The narrow services the app's views use over one running engine, made in one place ({@link
 * #over}) when the engine starts. Nothing in the views sees the engine itself.
 *
 * @param address the address the registry listens on, with its real port
 */
public record AppServices(
    BrowseService browser,
    DeleteService deletion,
    StorageService storage,
    CertificateServing certificates,
    UserStore users,
    RegistryEvents events,
    Registry2Importer importer,
    URI url,
    ListenAddress address,
    java.nio.file.Path dataDirectory,
    ProxyCache proxy) {

  public static AppServices over(BerthEngine engine, ObjectMapper json) {
    RepositoryBrowser browser =
        new RepositoryBrowser(engine.metadata(), engine.blobs(), json, engine.proxy());
    return new AppServices(
        new LocalBrowseService(browser),
        new DeleteService(
            engine.deletion(), engine.registry().repositories(), engine.registry().manifests()),
        new StorageService(
            engine.garbageCollector(),
            engine.metadata().gc(),
            engine.gcScheduler(),
            engine.blobs().freeSpace(),
            engine.storageCheck()),
        new CertificateServing(engine),
        engine.metadata().users(),
        engine.events(),
        Registry2Importer.into(engine),
        engine.url(),
        new ListenAddress(engine.config().address().host(), engine.port()),
        engine.config().dataDirectory(),
        engine.proxy());
  }
}
