package dev.berth.desktop.browser;

import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

/**
 * A tree item that creates its children only when first expanded, so a tree of 10,000 repositories
 * costs a few dozen items until someone opens it up.
 */
final class NamespaceTreeItem extends TreeItem<NamespaceNode> {
  private boolean childrenCreated;

  NamespaceTreeItem(NamespaceNode node) {
    super(node);
  }

  @Override
  public boolean isLeaf() {
    return getValue().isLeaf();
  }

  @Override
  public ObservableList<TreeItem<NamespaceNode>> getChildren() {
    if (!childrenCreated) {
      childrenCreated = true;
      getValue().children().forEach(child -> super.getChildren().add(new NamespaceTreeItem(child)));
    }
    return super.getChildren();
  }
}
