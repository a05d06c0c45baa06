package dev.berth.desktop.certificates;

import dev.berth.tls.CertificateInfo;
import dev.berth.tls.TrustInstructions;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Binds the certificate details and builds one row with a Copy button per trust command. */
public final class CertificatesController {
  private final CertificatesViewModel model;

  @FXML private Label status;
  @FXML private Label expiryWarning;
  @FXML private TextField hosts;
  @FXML private CheckBox newCa;
  @FXML private CheckBox unconstrainedCa;
  @FXML private Label serverRenewal;
  @FXML private Label caLimits;
  @FXML private Button create;
  @FXML private Button importCertificate;
  @FXML private Label serverSubject;
  @FXML private Label serverIssuer;
  @FXML private Label serverNames;
  @FXML private Label serverValidity;
  @FXML private Label serverFingerprint;
  @FXML private Label caSubject;
  @FXML private Label caValidity;
  @FXML private Label caFingerprint;
  @FXML private Button exportCa;
  @FXML private Label trustTitle;
  @FXML private VBox trustSteps;

  public CertificatesController(CertificatesViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    status.textProperty().bind(model.statusProperty());
    expiryWarning.textProperty().bind(model.expiryWarningProperty());
    expiryWarning.visibleProperty().bind(model.expiryWarningProperty().isNotEmpty());
    expiryWarning.managedProperty().bind(expiryWarning.visibleProperty());
    hosts.textProperty().bindBidirectional(model.hostsProperty());
    newCa.selectedProperty().bindBidirectional(model.newCaProperty());
    unconstrainedCa.selectedProperty().bindBidirectional(model.unconstrainedCaProperty());
    // Only a CA being made can be unconstrained: the first one, or a replacement.
    unconstrainedCa.disableProperty().bind(model.newCaProperty().not().and(model.hasCaProperty()));
    serverRenewal.textProperty().bind(model.renewalProperty().map(r -> r.isEmpty() ? "–" : r));
    caLimits.textProperty().bind(model.caLimitsProperty().map(r -> r.isEmpty() ? "–" : r));
    create.setOnAction(e -> model.create());
    importCertificate.setOnAction(e -> model.importCertificate());
    var server = model.serverCertificateProperty();
    bind(serverSubject, server, CertificateInfo::subject);
    bind(serverIssuer, server, CertificateInfo::issuer);
    bind(serverNames, server, CertificatesViewModel::names);
    bind(serverValidity, server, CertificatesViewModel::validity);
    bind(serverFingerprint, server, CertificateInfo::sha256Fingerprint);
    var ca = model.caCertificateProperty();
    bind(caSubject, ca, CertificateInfo::subject);
    bind(caValidity, ca, CertificatesViewModel::validity);
    bind(caFingerprint, ca, CertificateInfo::sha256Fingerprint);
    exportCa.disableProperty().bind(model.hasCaProperty().not());
    exportCa.setOnAction(e -> model.exportCa());
    trustTitle
        .textProperty()
        .bind(model.hostPortProperty().map(h -> "Trust the CA on clients of " + h));
    model
        .trustSteps()
        .addListener((ListChangeListener<TrustInstructions.Step>) change -> showSteps());
    model.trustHintProperty().addListener((obs, old, now) -> showSteps());
    showSteps();
    model.suggestHosts();
    model.reload();
  }

  private static void bind(
      Label label, ObservableValue<CertificateInfo> info, Function<CertificateInfo, String> part) {
    label.textProperty().bind(info.map(part).orElse("–"));
  }

  private void showSteps() {
    trustSteps.getChildren().clear();
    if (!model.trustHintProperty().get().isEmpty()) {
      Label hint = new Label(model.trustHintProperty().get());
      hint.setId("trust-hint");
      hint.setWrapText(true);
      trustSteps.getChildren().add(hint);
    }
    int i = 0;
    for (TrustInstructions.Step step : model.trustSteps()) {
      Label client = new Label(step.client());
      client.setMinWidth(170);
      TextField command = new TextField(step.command());
      command.setEditable(false);
      command.getStyleClass().add("mono");
      HBox.setHgrow(command, Priority.ALWAYS);
      Button copy = new Button("Copy");
      copy.setId("copy-trust-" + step.client().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-"));
      copy.setOnAction(e -> model.copy(step));
      HBox row = new HBox(6, client, command, copy);
      row.setId("trust-step-" + i++);
      row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
      trustSteps.getChildren().add(row);
    }
  }
}
