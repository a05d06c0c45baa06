package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.FilePicker;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.oci.Digest;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.Command;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TlsClients;
import dev.berth.tls.CertificateInfo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The admin views (Storage, Users, Certificates) driven through the real window, headless under
 * Monocle, against a real engine: garbage pushed over HTTP is planned and collected, a user added
 * in the window logs in over HTTP Basic, htpasswd files go both ways with Apache's htpasswd, and a
 * certificate created in one click is what the HTTPS listener serves. File choosers and the account
 * dialog are answered by the test; confirmations are real dialogs clicked by the robot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminViewsUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static SettingsStore store;
  private static Path fileToOpen;
  private static final Deque<Path> filesToOpen = new ArrayDeque<>();
  private static Path fileToSave;
  private static final Deque<AccountPrompt.Answer> accountAnswers = new ArrayDeque<>();
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    store = new SettingsStore(root.resolve("config"));
    // Content pushed by the test is garbage at once: no grace period.
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 860)
            .withGcGraceMinutes(0));
    FilePicker files =
        ViewModelHarness.filePicker(
            () -> filesToOpen.isEmpty() ? fileToOpen : filesToOpen.poll(), () -> fileToSave);
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater,
                FxDialogs.confirmer(),
                FxDialogs.systemClipboard(),
                files,
                (title, message, name) -> Optional.ofNullable(accountAnswers.poll())));
    FxToolkit.setupStage(s -> context.openMainWindow(s, () -> {}));
    waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);
  }

  @AfterAll
  static void closeTheApp() throws Exception {
    AppWindow.close(stage, context);
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    AppWindow.waitUntil(30, condition);
  }

  private BerthEngine engine() {
    return context.server().registryProperty().get().engine();
  }

  private Path blobFile(Digest digest) {
    return root.resolve("data/storage/blobs/sha256")
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  private void clickDialogButton(String startsWith) throws Exception {
    waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
    Button button =
        robot
            .lookup(".dialog-pane .button")
            .match((Node n) -> ((Button) n).getText().startsWith(startsWith))
            .query();
    robot.clickOn(button);
  }

  private void saveSettingsAndWaitForRestart() throws Exception {
    BerthEngine before = engine();
    robot.clickOn("#settings-save");
    waitUntil(
        () ->
            context.server().stateProperty().get() == ServerState.RUNNING
                && context.server().registryProperty().get() != null
                && engine() != before);
  }

  @Test
  @Order(1)
  void storage_dryRunShowsTheGarbage_andCollectingFreesIt() throws Exception {
    RegistryClient client = new RegistryClient(engine().url());
    Image kept = TestImages.appImage("api");
    kept.push(client, "team/app/api", "1.0");
    TestImages.appImage("web").push(client, "team/web", "latest");
    TestImages.appImage("builder").push(client, "tools/builder", "2026.11");
    byte[] junk = new byte[10_000];
    new Random(7).nextBytes(junk);
    Digest garbage1 = client.pushBlob("team/web", junk);
    byte[] more = new byte[2_345];
    new Random(8).nextBytes(more);
    Digest garbage2 = client.pushBlob("tools/builder", more);

    robot.clickOn("#nav-storage");
    robot.interact(() -> context.messages().dismiss());
    waitUntil(() -> !window.text("#storage-total").equals("–"));
    robot.clickOn("#gc-dry-run");
    waitUntil(() -> window.text("#gc-plan-summary").startsWith("Would free"));

    assertThat(window.text("#gc-plan-summary"))
        .isEqualTo(
            "Would free 12.1 KiB: 0 manifests, 2 blobs, 0 files without metadata, 0 stale uploads.");
    assertThat(robot.lookup("#gc-plan-items").queryListView().getItems()).hasSize(2);
    assertThat(blobFile(garbage1)).exists();

    robot.clickOn("#gc-collect");
    clickDialogButton("Collect 12.1 KiB");
    TableView<?> history = window.node("#gc-history");
    // The dry run is in the history too (issue 15: every run is recorded).
    waitUntil(() -> history.getItems().size() == 2);

    assertThat(blobFile(garbage1)).doesNotExist();
    assertThat(blobFile(garbage2)).doesNotExist();
    assertThat(blobFile(kept.config().digest())).exists();
    assertThat(engine().metadata().gc().recentRuns(1).get(0).bytesFreed()).isEqualTo(12_345);
    assertThat(window.text("#gc-phase")).isEqualTo("Done");
    assertThat(context.messages().infoProperty().get())
        .isEqualTo("Garbage collection completed: freed 12.1 KiB (0 manifests, 2 blobs).");
    robot.interact(() -> context.messages().dismiss());
    Screenshots.save(robot, stage.getScene(), "storage");
  }

  @Test
  @Order(2)
  void checkStorage_findsAFlippedByte_namesTheImage_andRepairMovesItAside() throws Exception {
    RegistryClient client = new RegistryClient(engine().url());
    Image damaged = TestImages.appImage("damaged");
    damaged.push(client, "team/damaged", "1.0");
    Digest layer = damaged.layers().get(damaged.layers().size() - 1).digest();
    byte[] bytes = Files.readAllBytes(blobFile(layer));
    bytes[bytes.length / 3] ^= 0x01;
    Files.write(blobFile(layer), bytes);

    robot.clickOn("#nav-storage");
    robot.clickOn("#check-run");
    waitUntil(() -> window.text("#check-status").startsWith("Checked"));
    var findings = robot.lookup("#check-findings").queryListView().getItems();
    assertThat(findings).anyMatch(line -> line.toString().startsWith("Damaged blobs (1)"));
    assertThat(findings)
        .anyMatch(
            line ->
                line.toString().contains(layer + " (")
                    && line.toString().contains("team/damaged:1.0"));
    assertThat(blobFile(layer)).as("checking alone changes nothing").exists();
    Screenshots.save(robot, stage.getScene(), "storage-check");

    robot.clickOn("#check-repair");
    clickDialogButton("Repair");
    waitUntil(
        () ->
            findings.stream()
                .anyMatch(line -> line.toString().contains("moved to storage/damaged/")));
    assertThat(blobFile(layer)).doesNotExist();
    assertThat(client.head("/v2/team/damaged/blobs/" + layer).statusCode())
        .as("forgotten: clients upload it again")
        .isEqualTo(404);
    damaged.push(client, "team/damaged", "1.0");
    assertThat(client.get("/v2/team/damaged/blobs/" + layer).body())
        .isEqualTo(damaged.layers().get(damaged.layers().size() - 1).bytes());
  }

  @Test
  @Order(3)
  void users_addedInTheWindow_logInOverBasicAuth_andHtpasswdGoesBothWays() throws Exception {
    Command.require("htpasswd", "apache2-utils");
    robot.clickOn("#nav-users");
    window.replaceText("#new-user-name", "alice");
    window.replaceText("#new-user-password", "alice's password");
    window.replaceText("#new-user-password-again", "alice's password");
    robot.clickOn("#add-user");
    TableView<?> table = window.node("#users-table");
    waitUntil(() -> table.getItems().size() == 1);

    Path htpasswd = root.resolve("team.htpasswd");
    Command.of("htpasswd", "-cbB", htpasswd.toString(), "bob", "bob's password").run();
    fileToOpen = htpasswd;
    robot.clickOn("#new-user-read-only");
    robot.clickOn("#import-htpasswd");
    waitUntil(() -> table.getItems().size() == 2);
    robot.clickOn("#new-user-read-only");

    fileToSave = root.resolve("exported.htpasswd");
    robot.clickOn("#export-htpasswd");
    waitUntil(() -> Files.exists(fileToSave));
    assertThat(
            Command.of("htpasswd", "-vb", fileToSave.toString(), "alice", "alice's password")
                .tryRun()
                .exitCode())
        .isZero();
    assertThat(
            Command.of("htpasswd", "-vb", fileToSave.toString(), "bob", "bob's password")
                .tryRun()
                .exitCode())
        .isZero();

    robot.clickOn("#nav-settings");
    ChoiceBox<AuthSettings.Mode> auth = window.node("#settings-auth");
    robot.interact(() -> auth.setValue(AuthSettings.Mode.BASIC));
    saveSettingsAndWaitForRestart();

    assertThat(engine().authentication()).startsWith("basic");
    HttpClient http = HttpClient.newHttpClient();
    assertThat(
            new AuthRegistryClient(http, engine().url(), "alice", "alice's password").get("/v2/"))
        .isEqualTo(200);
    assertThat(new AuthRegistryClient(http, engine().url(), "bob", "bob's password").get("/v2/"))
        .isEqualTo(200);
    assertThat(
            new AuthRegistryClient(http, engine().url(), "alice", "not her password").get("/v2/"))
        .isEqualTo(401);
    assertThat(AuthRegistryClient.anonymous(http, engine().url()).get("/v2/")).isEqualTo(401);

    robot.clickOn("#nav-users");
    robot.interact(() -> context.messages().dismiss());
    waitUntil(() -> window.text("#users-summary").contains("Authentication: basic"));
    robot.interact(
        () -> ((TableView<?>) window.node("#users-table")).getSelectionModel().select(1));
    Screenshots.save(robot, stage.getScene(), "users");
  }

  @Test
  @Order(4)
  void certificates_createdInOneClick_areWhatHttpsServes() throws Exception {
    robot.clickOn("#nav-settings");
    robot.clickOn("#settings-https");
    saveSettingsAndWaitForRestart();
    assertThat(engine().url().getScheme()).isEqualTo("https");

    robot.clickOn("#nav-certificates");
    waitUntil(() -> window.text("#certificate-hosts").startsWith("localhost, 127.0.0.1"));
    waitUntil(() -> !window.text("#server-fingerprint").equals("–"));
    String before = window.text("#server-fingerprint");
    window.replaceText("#certificate-hosts", "registry.test, localhost, 127.0.0.1");
    robot.clickOn("#certificate-new-ca");
    robot.clickOn("#create-certificate");
    waitUntil(() -> !window.text("#server-fingerprint").equals(before));
    assertThat(window.text("#server-names")).contains("DNS:registry.test");

    fileToSave = root.resolve("ca.crt");
    robot.clickOn("#export-ca");
    waitUntil(() -> Files.exists(fileToSave));
    HttpResponse<Void> response =
        TlsClients.http2TrustingOnly(fileToSave)
            .send(
                HttpRequest.newBuilder(engine().url().resolve("/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
    X509Certificate served =
        (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];

    assertThat(response.statusCode()).isEqualTo(401); // TLS works; basic auth still wants a user
    assertThat(CertificateInfo.of(served).sha256Fingerprint())
        .isEqualTo(window.text("#server-fingerprint"));
    String pullHost = context.server().registryProperty().get().pullHost();
    waitUntil(
        () ->
            robot.lookup("#trust-steps .text-field").queryAll().stream()
                .anyMatch(n -> ((TextField) n).getText().contains("sudo cp " + fileToSave)));
    robot.clickOn("#copy-trust-docker");
    assertThat(context.messages().infoProperty().get())
        .isEqualTo(
            "Copied: sudo mkdir -p /etc/docker/certs.d/"
                + pullHost
                + " && sudo cp "
                + fileToSave
                + " /etc/docker/certs.d/"
                + pullHost
                + "/ca.crt");
    robot.interact(() -> context.messages().dismiss());
    Screenshots.save(robot, stage.getScene(), "certificates");
  }

  @Test
  @Order(5)
  void certificateFromOwnCa_chosenAsTwoFiles_isServedAtOnce() throws Exception {
    dev.berth.testing.TeamCertificate team =
        dev.berth.testing.TeamCertificate.issue(root, "team", "127.0.0.1");
    robot.clickOn("#nav-certificates");

    filesToOpen.add(team.chain());
    filesToOpen.add(team.key());
    robot.clickOn("#import-certificate");

    waitUntil(() -> window.text("#server-issuer").startsWith("CN=Team root"));
    assertThat(window.text("#server-fingerprint")).isEqualTo(team.fingerprint());
    assertThat(window.text("#trust-hint"))
        .startsWith("The server certificate was issued by CN=Team root");
    HttpResponse<Void> response =
        TlsClients.http2TrustingOnly(team.root())
            .send(
                HttpRequest.newBuilder(engine().url().resolve("/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(401);
    robot.interact(() -> context.messages().dismiss());
    Screenshots.save(robot, stage.getScene(), "certificates-own-ca");
  }
}
