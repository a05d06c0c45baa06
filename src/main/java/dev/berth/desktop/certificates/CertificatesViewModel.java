package dev.berth.desktop.certificates;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ClipboardWriter;
import dev.berth.desktop.fx.FilePicker;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.tls.CertificateInfo;
import dev.berth.tls.CertificateService;
import dev.berth.tls.MachineNames;
import dev.berth.tls.SubjectName;
import dev.berth.tls.TlsFiles;
import dev.berth.tls.TrustInstructions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The data folder's local CA and server certificate: create both in one click for the host names
 * typed (prefilled with this machine's names), or install a certificate from the person's own CA;
 * show what clients will check (expiry and renewal, the names the CA may sign for), export {@code
 * ca.crt} and the exact trust commands for the registry's real {@code host:port}. A running HTTPS
 * registry serves a new certificate at once, without a restart.
 */
public final class CertificatesViewModel {
  /** Warn this long before the server certificate expires (the engine logs the same warning). */
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  private final SettingsModel settings;
  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final ClipboardWriter clipboard;
  private final FilePicker files;
  private final UserMessages messages;
  private final Clock clock;

  private final StringProperty hosts = new SimpleStringProperty("");
  private final BooleanProperty newCa = new SimpleBooleanProperty(false);
  private final BooleanProperty unconstrainedCa = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper caLimits = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper renewal = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<CertificateInfo> serverCertificate =
      new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<CertificateInfo> caCertificate =
      new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper expiryWarning = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper hostPort = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper hasCa = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper trustHint = new ReadOnlyStringWrapper("");
  private final ObservableList<TrustInstructions.Step> trustSteps =
      FXCollections.observableArrayList();
  private Path exportedCa;

  public CertificatesViewModel(
      SettingsModel settings,
      ServerViewModel server,
      BackgroundTasks tasks,
      ClipboardWriter clipboard,
      FilePicker files,
      UserMessages messages,
      Clock clock) {
    this.settings = settings;
    this.server = server;
    this.tasks = tasks;
    this.clipboard = clipboard;
    this.files = files;
    this.messages = messages;
    this.clock = clock;
    server.registryProperty().addListener((obs, old, now) -> reload());
  }

  private TlsFiles tlsFiles() {
    return TlsFiles.ofDataFolder(Path.of(settings.current().dataDirectory()));
  }

  private CertificateService service() {
    return new CertificateService(tlsFiles(), new SecureRandom(), clock);
  }

  /** Fills the host field with this machine's names (looked up off the FX thread). */
  public void suggestHosts() {
    tasks
        .run("look up the names of this machine", progress -> MachineNames.discover())
        .onSuccess(
            names -> hosts.set(String.join(", ", names.stream().map(SubjectName::value).toList())))
        .start();
  }

  /** Reads the data folder's certificates and what the running registry serves. */
  public void reload() {
    RunningRegistry registry = server.registryProperty().get();
    tasks
        .run(
            "read the certificates",
            progress -> {
              CertificateService certificates = service();
              return new Shown(certificates.show(), certificates.trustDirectory());
            })
        .onSuccess(shown -> show(shown.installed(), shown.trustFolder(), registry))
        .start();
  }

  /** What {@link #reload} read off the FX thread. */
  private record Shown(CertificateService.Installed installed, Path trustFolder) {}

  private void show(
      CertificateService.Installed installed, Path trustFolder, RunningRegistry registry) {
    serverCertificate.set(installed.server().orElse(null));
    caCertificate.set(installed.ca().orElse(null));
    hasCa.set(installed.ca().isPresent());
    String address = registry != null ? registry.pullHost() : settings.current().address();
    hostPort.set(address);
    boolean ownCa = installed.server().isPresent() && !installed.serverFromLocalCa();
    trustSteps.setAll(
        installed.ca().isPresent() && !ownCa
            ? TrustInstructions.steps(
                exportedCa != null ? exportedCa : tlsFiles().caCertificate(), trustFolder, address)
            : List.of());
    trustHint.set(
        ownCa
            ? "The server certificate was issued by "
                + installed.server().get().issuer()
                + ", not by the local CA."
                + " Clients that already trust your CA need nothing more; on others, install your root CA certificate"
                + " as /etc/docker/certs.d/"
                + address
                + "/ca.crt (docker) or /etc/containers/certs.d/"
                + address
                + "/ca.crt (podman, skopeo, buildah)."
            : trustSteps.isEmpty() ? "Create a certificate first." : "");
    boolean serving = registry != null && registry.certificates().servesHttps();
    if (installed.server().isEmpty()) {
      status.set(
          "No certificate yet. Create one: clients then reach the registry over HTTPS and trust it through ca.crt.");
    } else if (serving) {
      status.set("The registry serves HTTPS at " + registry.url() + " with this certificate.");
    } else {
      status.set(
          "The registry serves plain HTTP. Turn HTTPS on in Settings to use this certificate.");
    }
    caLimits.set(
        installed.ca().isEmpty()
            ? ""
            : installed.caLimits().constrained()
                ? installed.caLimits().describe()
                : "Any name. Whoever gets ca.key can impersonate any web site to the machines that trust ca.crt;"
                    + " replace the CA to limit it to this registry's names.");
    renewal.set(
        installed
            .server()
            .map(
                c ->
                    installed.serverFromLocalCa()
                        ? "Automatic from "
                            + Formats.time(c.notAfter().minus(CertificateService.RENEW_BEFORE))
                            + " (30 days before it expires), by the same CA: clients change nothing"
                        : "By the CA that issued it only; renew it there before "
                            + Formats.time(c.notAfter()))
            .orElse(""));
    Instant now = clock.instant();
    expiryWarning.set(
        installed
            .server()
            .filter(c -> c.expiresWithin(EXPIRY_WARNING, now))
            .map(
                c ->
                    c.notAfter().isAfter(now)
                        ? "The server certificate expires on "
                            + Formats.time(c.notAfter())
                            + ". Create a new one before then."
                        : "The server certificate expired on "
                            + Formats.time(c.notAfter())
                            + ". Clients refuse it: create a new one.")
            .orElse(""));
  }

  /**
   * Creates (or reuses) the CA and a new server certificate; a running HTTPS registry serves it at
   * once.
   */
  public void create() {
    List<SubjectName> names = new ArrayList<>();
    for (String part : hosts.get().split("[,\\s]+")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        names.add(SubjectName.parse(part));
      } catch (IllegalArgumentException e) {
        messages.showProblem(
            "'" + part + "' is not a host name or IP address (" + e.getMessage() + ").");
        return;
      }
    }
    boolean replaceCa = newCa.get();
    boolean unconstrained = unconstrainedCa.get();
    RunningRegistry registry = server.registryProperty().get();
    tasks
        .run(
            "create the certificates",
            progress -> {
              CertificateService.Created created =
                  service().create(names, replaceCa, unconstrained);
              serveNewCertificate(registry);
              return created;
            })
        .onSuccess(
            created -> {
              newCa.set(false);
              unconstrainedCa.set(false);
              messages.showInfo(
                  (created.newCa()
                          ? "Created a new local CA and"
                          : "Reused the local CA and created")
                      + " a server certificate for "
                      + created.server().names().size()
                      + " names."
                      + (created.newCa() ? " Clients must trust the new ca.crt." : ""));
              reload();
            })
        .start();
  }

  /**
   * Installs a certificate (with its chain) and private key from the person's own CA, chosen as two
   * PEM files; a running HTTPS registry serves it at once.
   */
  public void importCertificate() {
    Optional<Path> certificate =
        files.open("Choose the server certificate (PEM, the server's first, then its chain)");
    if (certificate.isEmpty()) {
      return;
    }
    Optional<Path> key =
        files.open("Choose the private key of " + certificate.get().getFileName() + " (PEM)");
    if (key.isEmpty()) {
      return;
    }
    RunningRegistry registry = server.registryProperty().get();
    tasks
        .run(
            "install the certificate " + certificate.get().getFileName(),
            progress -> {
              CertificateInfo installed = service().importServer(certificate.get(), key.get());
              serveNewCertificate(registry);
              return installed;
            })
        .onSuccess(
            installed -> {
              messages.showInfo(
                  "Installed the certificate for "
                      + names(installed)
                      + ", issued by "
                      + installed.issuer()
                      + ".");
              reload();
            })
        .start();
  }

  /** A running HTTPS registry switches to the data folder's new certificate without a restart. */
  private static void serveNewCertificate(RunningRegistry registry) throws java.io.IOException {
    if (registry != null) {
      registry.certificates().reloadIfServing();
    }
  }

  /** Copies ca.crt where the person chooses; the trust commands then name that file. */
  public void exportCa() {
    Optional<Path> target = files.save("Export the CA certificate", "ca.crt");
    if (target.isEmpty()) {
      return;
    }
    Path source = tlsFiles().caCertificate();
    tasks
        .run(
            "export ca.crt to " + target.get(),
            progress -> {
              Files.copy(source, target.get(), StandardCopyOption.REPLACE_EXISTING);
              return target.get().toAbsolutePath();
            })
        .onSuccess(
            written -> {
              exportedCa = written;
              messages.showInfo(
                  "Exported the CA certificate to "
                      + written
                      + ". Copy it to each client and run the command for it.");
              reload();
            })
        .start();
  }

  public void copy(TrustInstructions.Step step) {
    clipboard.copy(step.command());
    messages.showInfo("Copied: " + step.command());
  }

  /** {@code DNS:localhost, IP:127.0.0.1} */
  public static String names(CertificateInfo info) {
    return String.join(", ", info.names());
  }

  public static String validity(CertificateInfo info) {
    return Formats.time(info.notBefore()) + " until " + Formats.time(info.notAfter());
  }

  public StringProperty hostsProperty() {
    return hosts;
  }

  public BooleanProperty newCaProperty() {
    return newCa;
  }

  /** Make the new CA without name constraints (a risk the view states next to the box). */
  public BooleanProperty unconstrainedCaProperty() {
    return unconstrainedCa;
  }

  /** The names the local CA may sign for, or the risk in words when it may sign for any. */
  public ReadOnlyStringProperty caLimitsProperty() {
    return caLimits.getReadOnlyProperty();
  }

  /** When and by whom the server certificate is renewed. */
  public ReadOnlyStringProperty renewalProperty() {
    return renewal.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<CertificateInfo> serverCertificateProperty() {
    return serverCertificate.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<CertificateInfo> caCertificateProperty() {
    return caCertificate.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty expiryWarningProperty() {
    return expiryWarning.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty hostPortProperty() {
    return hostPort.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty hasCaProperty() {
    return hasCa.getReadOnlyProperty();
  }

  /** What to tell the person when there are no trust commands to show, or empty. */
  public ReadOnlyStringProperty trustHintProperty() {
    return trustHint.getReadOnlyProperty();
  }

  public ObservableList<TrustInstructions.Step> trustSteps() {
    return trustSteps;
  }
}
