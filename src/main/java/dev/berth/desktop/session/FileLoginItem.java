package dev.berth.desktop.session;

import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A login item that is one file the session reads at login: written whole and replaced atomically
 * (the session never reads half an entry), removed by deleting it.
 */
abstract class FileLoginItem implements LoginItem {
  private final Path file;

  FileLoginItem(Path file) {
    this.file = file;
  }

  /** The file's text for {@code command}. */
  abstract String content(LaunchCommand command) throws IOException;

  public Path file() {
    return file;
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void install(LaunchCommand command) throws IOException {
    PrivateFiles.write(file, content(command).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void remove() throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public boolean installed() {
    return Files.isRegularFile(file);
  }
}
