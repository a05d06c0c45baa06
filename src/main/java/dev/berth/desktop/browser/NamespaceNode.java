package dev.berth.desktop.browser;

import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * One level of the repository tree: {@code team/app/api} becomes {@code team} → {@code app} →
 * {@code api}. A node can be a repository and a namespace at once ({@code team/app} next to {@code
 * team/app/api}). Namespaces add up their repositories' tags and bytes.
 */
public final class NamespaceNode {
  private final String name;
  private final String path;
  private RepositorySummary repository;
  private final TreeMap<String, NamespaceNode> children = new TreeMap<>();
  private int repositoryCount;
  private long tagCount;
  private long bytes;

  private NamespaceNode(String name, String path) {
    this.name = name;
    this.path = path;
  }

  /** Builds the tree of {@code repositories}; the root has an empty name. */
  public static NamespaceNode of(List<RepositorySummary> repositories) {
    NamespaceNode root = new NamespaceNode("", "");
    for (RepositorySummary summary : repositories) {
      NamespaceNode node = root;
      String[] parts = summary.name().value().split("/");
      for (int i = 0; i < parts.length; i++) {
        String childPath = String.join("/", java.util.Arrays.copyOfRange(parts, 0, i + 1));
        node = node.children.computeIfAbsent(parts[i], n -> new NamespaceNode(n, childPath));
      }
      node.repository = summary;
    }
    root.sum();
    return root;
  }

  private void sum() {
    repositoryCount = repository == null ? 0 : 1;
    tagCount = repository == null ? 0 : repository.tagCount();
    bytes = repository == null ? 0 : repository.totalBytes();
    for (NamespaceNode child : children.values()) {
      child.sum();
      repositoryCount += child.repositoryCount;
      tagCount += child.tagCount;
      bytes += child.bytes;
    }
  }

  public String name() {
    return name;
  }

  public String path() {
    return path;
  }

  /** The repository at this path, or null for a pure namespace. */
  public RepositorySummary repository() {
    return repository;
  }

  public List<NamespaceNode> children() {
    return Collections.unmodifiableList(new ArrayList<>(children.values()));
  }

  public boolean isLeaf() {
    return children.isEmpty();
  }

  public int repositoryCount() {
    return repositoryCount;
  }

  public long tagCount() {
    return tagCount;
  }

  /** Bytes the repositories below link; a blob shared by two repositories counts in both. */
  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return path;
  }
}
