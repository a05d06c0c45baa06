package dev.berth.desktop.proxy;

import dev.berth.desktop.proxy.ProxyCacheViewModel.RuleRow;
import dev.berth.proxy.ProxyPreset;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/** Binds the Proxy cache view: the rule table, the form with its presets, and the client set-up. */
public final class ProxyCacheController {
  private final ProxyCacheViewModel model;

  @FXML private Label status;
  @FXML private TableView<RuleRow> rules;
  @FXML private TableColumn<RuleRow, String> prefixColumn;
  @FXML private TableColumn<RuleRow, String> upstreamColumn;
  @FXML private TableColumn<RuleRow, String> ttlColumn;
  @FXML private TableColumn<RuleRow, String> usageColumn;
  @FXML private TableColumn<RuleRow, String> sizeColumn;
  @FXML private TableColumn<RuleRow, String> stateColumn;
  @FXML private HBox presets;
  @FXML private TextField prefix;
  @FXML private TextField upstream;
  @FXML private TextField ttl;
  @FXML private TextField sizeLimit;
  @FXML private CheckBox defaultMirror;
  @FXML private CheckBox libraryNames;
  @FXML private TextField username;
  @FXML private PasswordField password;
  @FXML private Label loginState;
  @FXML private Button save;
  @FXML private Button remove;
  @FXML private Button test;
  @FXML private Button refresh;
  @FXML private Label testResult;
  @FXML private TextArea daemonJson;
  @FXML private TextArea hostsToml;
  @FXML private TextField dockerPull;
  @FXML private Button copyDaemonJson;
  @FXML private Button copyHostsToml;
  @FXML private Button copyDockerPull;

  public ProxyCacheController(ProxyCacheViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    status.textProperty().bind(model.statusProperty());
    rules.setItems(model.rules());
    column(prefixColumn, r -> r.prefix() + "/" + (r.defaultMirror() ? "  · default" : ""));
    column(upstreamColumn, RuleRow::upstream);
    column(ttlColumn, RuleRow::ttl);
    column(usageColumn, RuleRow::usage);
    column(sizeColumn, RuleRow::size);
    column(stateColumn, RuleRow::state);
    rules
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((obs, old, now) -> model.select(now));
    for (ProxyPreset preset : model.presets()) {
      Button b = new Button(preset.name());
      b.setId("preset-" + preset.prefix().toLowerCase(Locale.ROOT));
      b.setOnAction(e -> model.applyPreset(preset));
      presets.getChildren().add(b);
    }
    prefix.textProperty().bindBidirectional(model.prefixProperty());
    upstream.textProperty().bindBidirectional(model.upstreamProperty());
    ttl.textProperty().bindBidirectional(model.ttlProperty());
    sizeLimit.textProperty().bindBidirectional(model.sizeLimitProperty());
    defaultMirror.selectedProperty().bindBidirectional(model.defaultMirrorProperty());
    libraryNames.selectedProperty().bindBidirectional(model.libraryNamesProperty());
    username.textProperty().bindBidirectional(model.usernameProperty());
    password.textProperty().bindBidirectional(model.passwordProperty());
    for (var field :
        new javafx.beans.Observable[] {
          prefix.textProperty(),
          upstream.textProperty(),
          ttl.textProperty(),
          defaultMirror.selectedProperty(),
          libraryNames.selectedProperty()
        }) {
      field.addListener(o -> model.formChanged());
    }
    loginState.textProperty().bind(model.loginStateProperty());
    testResult.textProperty().bind(model.testResultProperty());
    save.setOnAction(e -> model.save());
    remove.setOnAction(e -> model.remove());
    remove.disableProperty().bind(prefix.textProperty().isEmpty());
    test.setOnAction(e -> model.testConnection());
    refresh.setOnAction(e -> model.reload());
    bindText(daemonJson, model.daemonJsonProperty());
    bindText(hostsToml, model.hostsTomlProperty());
    dockerPull.textProperty().bind(model.dockerPullProperty());
    copyDaemonJson.setOnAction(e -> model.copy(daemonJson.getText()));
    copyHostsToml.setOnAction(e -> model.copy(hostsToml.getText()));
    copyDockerPull.setOnAction(e -> model.copy(dockerPull.getText()));
    model.reload();
  }

  private static void bindText(TextArea area, ReadOnlyStringProperty text) {
    area.textProperty().bind(text);
  }

  private static void column(TableColumn<RuleRow, String> column, Function<RuleRow, String> value) {
    column.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
  }
}
