package dev.berth.desktop.browser;

import dev.berth.browse.LayerEntry;
import dev.berth.browse.LayerFileTree;
import dev.berth.desktop.fx.Formats;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;

/** The file tree of one layer: name, size (folders add up), mode and kind. */
public final class LayerFilesController {
  private final LayerFilesViewModel model;

  @FXML private Label summary;
  @FXML private ProgressBar progress;
  @FXML private Button cancel;
  @FXML private TreeTableView<LayerFileTree.Node> files;
  @FXML private TreeTableColumn<LayerFileTree.Node, String> nameColumn;
  @FXML private TreeTableColumn<LayerFileTree.Node, String> sizeColumn;
  @FXML private TreeTableColumn<LayerFileTree.Node, String> modeColumn;
  @FXML private TreeTableColumn<LayerFileTree.Node, String> kindColumn;

  public LayerFilesController(LayerFilesViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    summary.textProperty().bind(model.summaryProperty());
    progress.progressProperty().bind(model.progressProperty());
    progress.visibleProperty().bind(model.loadingProperty());
    cancel.visibleProperty().bind(model.loadingProperty());
    cancel.setOnAction(e -> model.cancel());
    files.setShowRoot(false);
    files.setPlaceholder(new Label("No layer opened."));
    column(nameColumn, LayerFileTree.Node::name);
    column(sizeColumn, n -> isMarker(n) ? "" : Formats.bytes(n.totalSize()));
    column(modeColumn, n -> n.entry() == null || isMarker(n) ? "" : n.entry().modeString());
    column(kindColumn, LayerFilesViewModel::describe);
    files.setRowFactory(view -> new KindRow());
    model
        .rootProperty()
        .addListener((obs, old, root) -> files.setRoot(root == null ? null : item(root, true)));
  }

  /** Whiteouts and links have neither content nor meaningful permission bits. */
  private static boolean isMarker(LayerFileTree.Node node) {
    LayerEntry e = node.entry();
    return e != null
        && e.kind() != LayerEntry.Kind.FILE
        && e.kind() != LayerEntry.Kind.DIRECTORY
        && e.kind() != LayerEntry.Kind.SYMLINK;
  }

  private static <T> void column(TreeTableColumn<T, String> column, Function<T, String> value) {
    column.setCellValueFactory(
        cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue().getValue())));
  }

  /** Children are created on first expansion: layers with 100,000 files stay cheap to show. */
  private static TreeItem<LayerFileTree.Node> item(LayerFileTree.Node node, boolean expanded) {
    TreeItem<LayerFileTree.Node> item =
        new TreeItem<>(node) {
          private boolean created;

          @Override
          public boolean isLeaf() {
            return node.children().isEmpty();
          }

          @Override
          public ObservableList<TreeItem<LayerFileTree.Node>> getChildren() {
            if (!created) {
              created = true;
              node.children().forEach(child -> super.getChildren().add(item(child, false)));
            }
            return super.getChildren();
          }
        };
    item.setExpanded(expanded);
    return item;
  }

  /** Marks whiteouts and links so they stand out. */
  private static final class KindRow extends TreeTableRow<LayerFileTree.Node> {
    @Override
    protected void updateItem(LayerFileTree.Node node, boolean empty) {
      super.updateItem(node, empty);
      getStyleClass().removeAll("whiteout", "link");
      if (empty || node == null || node.entry() == null) {
        return;
      }
      switch (node.entry().kind()) {
        case WHITEOUT, OPAQUE_WHITEOUT -> getStyleClass().add("whiteout");
        case SYMLINK, HARDLINK -> getStyleClass().add("link");
        default -> {}
      }
    }
  }
}
