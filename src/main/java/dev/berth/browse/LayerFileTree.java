package dev.berth.browse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's entries arranged as folders, with each folder's total file size, so a person can see
 * where the bytes are. Folders the tar never lists explicitly (many layers omit parents) are
 * created on the way.
 */
public final class LayerFileTree {
  private LayerFileTree() {}

  /** A folder or an entry. {@code entry} is null for folders the tar did not list. */
  public static final class Node {
    private final String name;
    private final String path;
    private LayerEntry entry;
    private final Map<String, Node> children = new LinkedHashMap<>();
    private long totalSize;

    private Node(String name, String path) {
      this.name = name;
      this.path = path;
    }

    public String name() {
      return name;
    }

    public String path() {
      return path;
    }

    public LayerEntry entry() {
      return entry;
    }

    /** The file size, or for a folder the size of every file below it. */
    public long totalSize() {
      return totalSize;
    }

    /** Folders first, then by name. */
    public List<Node> children() {
      List<Node> sorted = new ArrayList<>(children.values());
      sorted.sort(Comparator.comparing((Node n) -> !n.isFolder()).thenComparing(Node::name));
      return sorted;
    }

    public boolean isFolder() {
      return !children.isEmpty() || entry == null || entry.kind() == LayerEntry.Kind.DIRECTORY;
    }
  }

  /** Builds the tree; the root node stands for the layer itself and has the name "/". */
  public static Node of(List<LayerEntry> entries) {
    Node root = new Node("/", "");
    for (LayerEntry entry : entries) {
      if (entry.path().equals(".")) {
        if (entry.kind() == LayerEntry.Kind.OPAQUE_WHITEOUT) {
          child(root, LayerEntry.Kind.OPAQUE_WHITEOUT.name(), "").entry = entry;
        }
        continue;
      }
      Node node = root;
      String[] parts = entry.path().split("/");
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        path.append(i == 0 ? "" : "/").append(parts[i]);
        node = child(node, parts[i], path.toString());
      }
      if (entry.kind() == LayerEntry.Kind.OPAQUE_WHITEOUT) {
        // The marker lives inside the folder it empties; show it there rather than replace the
        // folder.
        child(node, ".wh..wh..opq", entry.path() + "/.wh..wh..opq").entry = entry;
      } else {
        node.entry = entry;
      }
    }
    sumSizes(root);
    return root;
  }

  private static Node child(Node parent, String name, String path) {
    return parent.children.computeIfAbsent(name, n -> new Node(n, path));
  }

  private static long sumSizes(Node node) {
    long total =
        node.entry != null && node.entry.kind() == LayerEntry.Kind.FILE ? node.entry.size() : 0;
    for (Node child : node.children.values()) {
      total += sumSizes(child);
    }
    node.totalSize = total;
    return total;
  }
}
