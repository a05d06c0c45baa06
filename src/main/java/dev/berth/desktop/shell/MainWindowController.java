package dev.berth.desktop.shell;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.fx.View;
import dev.berth.desktop.fx.ViewLoader;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.server.ServerViewModel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

/**
 * The shell: navigation on the left, the current view in the middle, messages on top, status below.
 */
public final class MainWindowController {
  private final ViewLoader views;
  private final List<NavigationEntry> navigation;
  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final UserMessages messages;
  private final Map<View, Parent> loaded = new EnumMap<>(View.class);
  private final ToggleGroup group = new ToggleGroup();

  @FXML private VBox navigationBox;
  @FXML private StackPane content;
  @FXML private HBox banner;
  @FXML private Label bannerText;
  @FXML private Button bannerClose;
  @FXML private StatusBar statusBar;
  @FXML private Label serverBadge;

  public MainWindowController(
      ViewLoader views,
      List<NavigationEntry> navigation,
      ServerViewModel server,
      BackgroundTasks tasks,
      UserMessages messages) {
    this.views = views;
    this.navigation = navigation;
    this.server = server;
    this.tasks = tasks;
    this.messages = messages;
  }

  @FXML
  private void initialize() {
    for (NavigationEntry entry : navigation) {
      ToggleButton button = new ToggleButton(entry.label());
      button.setId(entry.id());
      button.getStyleClass().add("nav-button");
      button.setMaxWidth(Double.MAX_VALUE);
      button.setToggleGroup(group);
      button.setOnAction(e -> show(entry.view()));
      navigationBox.getChildren().add(button);
    }
    // A toggle group lets the selected button be clicked off; navigation always shows something.
    group
        .selectedToggleProperty()
        .addListener(
            (obs, old, now) -> {
              if (now == null && old != null) {
                old.setSelected(true);
              }
            });
    bindBanner();
    bindStatus();
    if (!navigation.isEmpty()) {
      ((ToggleButton) navigationBox.getChildren().get(0)).setSelected(true);
      show(navigation.get(0).view());
    }
  }

  private void bindBanner() {
    bannerText
        .textProperty()
        .bind(
            Bindings.when(messages.problemProperty().isEmpty())
                .then(messages.infoProperty())
                .otherwise(messages.problemProperty()));
    // The banner's space stays reserved, so a message never pushes the page down under the pointer
    // (issue 15: a mis-click on "Allow deleting" followed); "Dismiss" keeps its width, the message
    // is cut with its whole text in a tooltip.
    banner.visibleProperty().bind(bannerText.textProperty().isNotEmpty());
    bannerClose.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    bannerText.setWrapText(false);
    bannerText.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
    whole.textProperty().bind(bannerText.textProperty());
    bannerText.setTooltip(whole);
    messages
        .problemProperty()
        .addListener(
            (obs, old, now) -> {
              banner.getStyleClass().removeAll("banner-problem", "banner-info");
              banner.getStyleClass().add(now.isEmpty() ? "banner-info" : "banner-problem");
            });
    banner.getStyleClass().add("banner-info");
    bannerClose.setOnAction(e -> messages.dismiss());
  }

  private void bindStatus() {
    statusBar
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    tasks.activityProperty().get().isEmpty()
                        ? "Registry "
                            + server
                                .stateProperty()
                                .get()
                                .label()
                                .toLowerCase(java.util.Locale.ROOT)
                            + (server.urlProperty().get().isEmpty()
                                ? ""
                                : " at " + server.urlProperty().get())
                        : tasks.activityProperty().get(),
                tasks.activityProperty(),
                server.stateProperty(),
                server.urlProperty()));
    statusBar
        .progressProperty()
        .bind(Bindings.when(tasks.busyProperty()).then(tasks.progressProperty()).otherwise(0.0));
    serverBadge
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> server.stateProperty().get().label(), server.stateProperty()));
    server.stateProperty().addListener((obs, old, now) -> styleBadge(now));
    styleBadge(server.stateProperty().get());
  }

  private void styleBadge(ServerState state) {
    serverBadge.getStyleClass().removeIf(s -> s.startsWith("state-"));
    serverBadge.getStyleClass().add("state-" + state.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Shows a view, loading it the first time; views keep their state while hidden. */
  public void show(View view) {
    if (!content.getChildren().isEmpty() && content.getChildren().get(0) != loaded.get(view)) {
      messages.dismiss(); // a message belongs to the view that raised it
    }
    Parent parent = loaded.computeIfAbsent(view, views::load);
    content.getChildren().setAll(parent);
    navigationBox.getChildren().stream()
        .filter(n -> n instanceof ToggleButton)
        .map(n -> (ToggleButton) n)
        .forEach(
            b ->
                b.setSelected(
                    navigation.stream()
                        .anyMatch(e -> e.id().equals(b.getId()) && e.view() == view)));
  }
}
