package dev.berth.registry;

import java.util.List;

/**
 * One page of a sorted listing.
 *
 * @param items the entries of this page
 * @param nextAfter the value to pass as {@code last} for the next page, or null on the last page
 */
public record Page<T>(List<T> items, String nextAfter) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasMore() {
    return nextAfter != null;
  }
}
