package dev.berth.browse;

import java.util.List;

/**
 * The entries of a layer, in tar order.
 *
 * @param compression what the blob was compressed with
 * @param truncated true when the layer had more than {@link LayerTarReader#MAX_ENTRIES} entries and
 *     only the first ones are listed
 */
public record LayerListing(
    List<LayerEntry> entries, LayerTarReader.Compression compression, boolean truncated) {
  public LayerListing {
    entries = List.copyOf(entries);
  }

  /** The bytes of all regular files, as unpacked on disk (before compression). */
  public long unpackedBytes() {
    return entries.stream()
        .filter(e -> e.kind() == LayerEntry.Kind.FILE)
        .mapToLong(LayerEntry::size)
        .sum();
  }
}
