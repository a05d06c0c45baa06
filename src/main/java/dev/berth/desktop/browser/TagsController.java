package dev.berth.desktop.browser;

import dev.berth.browse.TagSummary;
import dev.berth.desktop.fx.Formats;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/** The tags table with pull commands and delete buttons. */
public final class TagsController {
  private final TagsViewModel model;

  @FXML private Label title;
  @FXML private TableView<TagSummary> table;
  @FXML private TableColumn<TagSummary, String> tagColumn;
  @FXML private TableColumn<TagSummary, String> digestColumn;
  @FXML private TableColumn<TagSummary, String> typeColumn;
  @FXML private TableColumn<TagSummary, String> sizeColumn;
  @FXML private TableColumn<TagSummary, String> createdColumn;
  @FXML private TableColumn<TagSummary, String> platformsColumn;
  @FXML private Button loadMore;
  @FXML private TextField pullByTag;
  @FXML private TextField pullByDigest;
  @FXML private Button copyPullByTag;
  @FXML private Button copyPullByDigest;
  @FXML private Button deleteTag;
  @FXML private Button deleteImage;

  public TagsController(TagsViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    title.textProperty().bind(model.titleProperty());
    table.setItems(model.tags());
    table.setPlaceholder(new Label("No tags to show."));
    column(tagColumn, t -> t.row().tag());
    column(
        digestColumn,
        t -> t.row().digest().algorithm().prefix() + ":" + t.row().digest().shortHex());
    column(typeColumn, t -> shortType(t.row().mediaType()));
    column(sizeColumn, t -> Formats.bytes(t.row().contentBytes()));
    column(createdColumn, t -> Formats.time(t.row().pushedAt()));
    column(platformsColumn, t -> String.join(", ", t.platforms()));
    table
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((obs, old, now) -> model.selectedTagProperty().set(now));
    // A live refresh replaces the rows and selects the same tag again in the model; follow it.
    model
        .selectedTagProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
              }
            });

    loadMore.visibleProperty().bind(model.hasMoreProperty());
    loadMore.managedProperty().bind(loadMore.visibleProperty());
    loadMore.setOnAction(e -> model.loadMore());

    pullByTag.textProperty().bind(model.pullByTagProperty());
    pullByDigest.textProperty().bind(model.pullByDigestProperty());
    var nothingSelected = table.getSelectionModel().selectedItemProperty().isNull();
    copyPullByTag.disableProperty().bind(nothingSelected);
    copyPullByDigest.disableProperty().bind(nothingSelected);
    copyPullByTag.setOnAction(e -> model.copyPullByTag());
    copyPullByDigest.setOnAction(e -> model.copyPullByDigest());
    deleteTag.disableProperty().bind(nothingSelected.or(model.deleteEnabledProperty().not()));
    deleteImage.disableProperty().bind(nothingSelected.or(model.deleteEnabledProperty().not()));
    deleteTag.setOnAction(e -> model.deleteSelectedTag());
    deleteImage.setOnAction(e -> model.deleteSelectedManifest());
  }

  private static void column(
      TableColumn<TagSummary, String> column, Function<TagSummary, String> value) {
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
  }

  /**
   * {@code application/vnd.oci.image.index.v1+json} → {@code OCI index}: the full type is in the
   * manifest view.
   */
  static String shortType(String mediaType) {
    return switch (mediaType) {
      case dev.berth.oci.MediaTypes.OCI_MANIFEST -> "OCI image";
      case dev.berth.oci.MediaTypes.OCI_INDEX -> "OCI index";
      case dev.berth.oci.MediaTypes.DOCKER_MANIFEST -> "Docker image";
      case dev.berth.oci.MediaTypes.DOCKER_MANIFEST_LIST -> "Docker list";
      default -> mediaType;
    };
  }
}
