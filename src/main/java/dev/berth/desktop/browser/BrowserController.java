package dev.berth.desktop.browser;

import dev.berth.desktop.fx.Formats;
import java.util.HashMap;
import java.util.Map;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/** The repository tree on the left of the browser; the right side is included views. */
public final class BrowserController {
  /** Small filter results are expanded so matches are visible without clicking. */
  private static final int EXPAND_BELOW = 50;

  private final RepositoryTreeViewModel model;

  @FXML private TextField filter;
  @FXML private Label summary;
  @FXML private TreeView<NamespaceNode> tree;
  @FXML private TabPane detailTabs;
  @FXML private Tab filesTab;

  public BrowserController(RepositoryTreeViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    filter.textProperty().bindBidirectional(model.filterProperty());
    summary.textProperty().bind(model.summaryProperty());
    tree.setShowRoot(false);
    tree.setCellFactory(view -> new NamespaceCell(model));
    tree.getSelectionModel()
        .selectedItemProperty()
        .addListener((obs, old, now) -> model.select(now == null ? null : now.getValue()));
    model.rootProperty().addListener((obs, old, root) -> showRoot(root));
    showRoot(model.rootProperty().get());
    // "Show files in layer" (or a double-click on a layer) brings the files tab to the front.
    model
        .layerFilesRequestsProperty()
        .addListener((obs, old, count) -> detailTabs.getSelectionModel().select(filesTab));
    model.reload();
  }

  private void showRoot(NamespaceNode root) {
    // A live update (same filter) keeps what the person opened and closed; a new filter starts
    // over.
    Map<String, Boolean> opened = model.rootIsARefresh() ? expansionOf(tree.getRoot()) : Map.of();
    NamespaceTreeItem item = new NamespaceTreeItem(root);
    expand(item, opened, root.repositoryCount() < EXPAND_BELOW);
    item.setExpanded(true);
    tree.setRoot(item);
    // A rebuilt tree (a live update) keeps the open repository selected.
    TreeItem<NamespaceNode> open = find(item, model.selectedRepository());
    if (open != null) {
      tree.getSelectionModel().select(open);
    }
  }

  /** Whether each created item is expanded, by namespace path. */
  private static Map<String, Boolean> expansionOf(TreeItem<NamespaceNode> root) {
    Map<String, Boolean> expanded = new HashMap<>();
    if (root != null) {
      collectExpansion(root, expanded);
    }
    return expanded;
  }

  private static void collectExpansion(TreeItem<NamespaceNode> item, Map<String, Boolean> into) {
    into.put(item.getValue().path(), item.isExpanded());
    if (item.isExpanded()) {
      item.getChildren().forEach(child -> collectExpansion(child, into));
    }
  }

  /**
   * Opens what was open before; a node not seen before opens when the tree is small ({@code
   * expandNew}). Only expanded items' children are created.
   */
  private static void expand(
      TreeItem<NamespaceNode> item, Map<String, Boolean> opened, boolean expandNew) {
    item.setExpanded(opened.getOrDefault(item.getValue().path(), expandNew));
    if (item.isExpanded()) {
      item.getChildren().forEach(child -> expand(child, opened, expandNew));
    }
  }

  private static TreeItem<NamespaceNode> find(
      TreeItem<NamespaceNode> item, dev.berth.oci.RepositoryName name) {
    if (name == null) {
      return null;
    }
    if (item.getValue() != null
        && item.getValue().repository() != null
        && item.getValue().repository().name().equals(name)) {
      return item;
    }
    if (!item.isExpanded()) {
      return null; // only what is open: creating every child of a large tree costs what lazy items
      // save
    }
    for (TreeItem<NamespaceNode> child : item.getChildren()) {
      TreeItem<NamespaceNode> found = find(child, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static final class NamespaceCell extends TreeCell<NamespaceNode> {
    private final ContextMenu menu = new ContextMenu();

    NamespaceCell(RepositoryTreeViewModel model) {
      MenuItem delete = new MenuItem("Delete repository…");
      delete.setId("delete-repository");
      delete.setOnAction(e -> model.deleteRepository(getItem()));
      menu.getItems().add(delete);
      // Checked each time the menu opens: deletion can be switched in Settings meanwhile.
      menu.setOnShowing(e -> delete.setDisable(!model.deleteEnabled()));
    }

    @Override
    protected void updateItem(NamespaceNode node, boolean empty) {
      super.updateItem(node, empty);
      getStyleClass().removeAll("repository", "namespace");
      if (empty || node == null) {
        setText(null);
        setContextMenu(null);
        return;
      }
      setContextMenu(node.repository() != null ? menu : null);
      getStyleClass().add(node.repository() != null ? "repository" : "namespace");
      String counts =
          node.repository() != null && node.isLeaf()
              ? node.tagCount() + (node.tagCount() == 1 ? " tag" : " tags")
              : node.repositoryCount()
                  + (node.repositoryCount() == 1 ? " repo, " : " repos, ")
                  + node.tagCount()
                  + (node.tagCount() == 1 ? " tag" : " tags");
      setText(node.name() + "   " + counts + " · " + Formats.bytes(node.bytes()));
    }
  }
}
