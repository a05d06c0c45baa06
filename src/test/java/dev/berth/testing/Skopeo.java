package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the real skopeo with a policy and auth file of its own (no ~/.config, no /etc/containers
 * changes).
 */
public final class Skopeo {
  private final Path folder;

  public Skopeo(Path folder) {
    Command.require("skopeo", "skopeo");
    this.folder = folder;
    try {
      Files.createDirectories(folder);
      Files.writeString(
          folder.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      Files.writeString(folder.resolve("auth.json"), "{}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Command.Result run(String... args) {
    List<String> command =
        new ArrayList<>(List.of("--policy", folder.resolve("policy.json").toString()));
    command.addAll(List.of(args));
    return Command.of("skopeo", command)
        .env("REGISTRY_AUTH_FILE", folder.resolve("auth.json").toString())
        .tryRun();
  }

  /** Copies an OCI layout made here into a plain-HTTP registry. */
  public void push(TestImages.Image image, String destination, String... options) {
    try {
      Path layout = Files.createTempDirectory(folder, "layout");
      TestImages.writeOciLayout(layout, "t", image.manifest(), List.of(image));
      List<String> args = new ArrayList<>(List.of("copy", "--dest-tls-verify=false"));
      args.addAll(List.of(options));
      args.addAll(List.of("oci:" + layout + ":t", "docker://" + destination));
      Command.Result result = run(args.toArray(String[]::new));
      if (result.exitCode() != 0) {
        throw new AssertionError("skopeo copy to " + destination + " failed: " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
