package dev.berth.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.files.Directories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A small JSON file in the data folder, readable by its owner only, replaced atomically (a reader
 * sees the old file or the new one, never half of one) so that {@code berth proxy login} can write
 * while {@code serve} reads.
 */
final class PrivateJsonFile {
  private final Path file;
  private final ObjectMapper json;

  PrivateJsonFile(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  Path path() {
    return file;
  }

  Optional<JsonNode> read() throws IOException {
    try {
      return Optional.of(json.readTree(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  void write(Object value) throws IOException {
    Directories.createDurably(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temp);
    Directories.createPrivateFile(temp);
    try (FileChannel channel = Directories.openPrivately(temp)) {
      ByteBuffer bytes =
          ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Directories.sync(file.getParent());
  }
}
