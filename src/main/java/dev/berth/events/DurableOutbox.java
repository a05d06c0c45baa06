package dev.berth.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.berth.metadata.OutboxMetadata;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;

/**
 * Writes every registry event that changes something to the metadata store's outbox, on the
 * publisher's thread: the use cases publish before they return, so the event is durable before the
 * client hears that the change happened, and a consumer reading the outbox after a crash misses
 * nothing that was acknowledged.
 *
 * <p>The change and its event are two commits, not one: a crash (or a failed write) between them
 * leaves a change that happened without its event, and a client that was told the request failed. A
 * retried push publishes again; a retried delete finds nothing to delete, so that event is lost.
 * Writing both in one transaction needs the metadata writes to take the event along; not yet.
 *
 * <p>Left out: pulls (statistics, counted lazily; a durable write per pull would turn every read
 * into a write) and failed logins (a durable write per wrong password would let anyone make the
 * registry sync its disk at will; they are in the log).
 */
public final class DurableOutbox {
  private final OutboxMetadata outbox;
  private final ObjectMapper json;

  private DurableOutbox(OutboxMetadata outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json =
        json.copy()
            .registerModule(
                new SimpleModule("registry-names")
                    .addSerializer(Digest.class, ToStringSerializer.instance)
                    .addSerializer(RepositoryName.class, ToStringSerializer.instance)
                    .addSerializer(Tag.class, ToStringSerializer.instance));
  }

  /** Starts writing {@code events} to {@code outbox}; the subscription stops it. */
  public static RegistryEvents.Subscription attach(
      RegistryEvents events, OutboxMetadata outbox, ObjectMapper json) {
    DurableOutbox writer = new DurableOutbox(outbox, json);
    return events.subscribeRequired(RegistryEvent.class, writer::record);
  }

  /** The name an event is stored under: its type's simple name (ManifestPushed, TagDeleted…). */
  public static String kind(RegistryEvent event) {
    return event.getClass().getSimpleName();
  }

  private void record(RegistryEvent event) {
    if (event instanceof RegistryEvent.BlobPulled
        || event instanceof RegistryEvent.ManifestPulled) {
      return;
    }
    try {
      outbox.append(event.at(), kind(event), json.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a registry event always serialises", e);
    }
  }
}
