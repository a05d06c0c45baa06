package dev.berth.browse;

import dev.berth.metadata.BrowseMetadata.TagRow;
import java.util.List;

/**
 * A row of the tags table.
 *
 * @param platforms for an index, its platforms such as {@code linux/amd64}; empty for an image
 */
public record TagSummary(TagRow row, List<String> platforms) {
  public TagSummary {
    platforms = List.copyOf(platforms);
  }
}
