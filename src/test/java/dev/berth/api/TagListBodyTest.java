package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TagListBodyTest {
  record Expected(String name, List<String> tags) {}

  private final ObjectMapper jackson = new ObjectMapper();

  @Test
  void isWhatJacksonWrites_forAnyValidNameAndTags() throws Exception {
    Random random = new Random(11);
    String tagChars = "abcXYZ019_.-";
    for (int round = 0; round < 500; round++) {
      RepositoryName name = RepositoryName.parse(random.nextBoolean() ? "team/app-1" : "a/b_c/d.e");
      List<Tag> tags = new ArrayList<>();
      for (int i = random.nextInt(6); i > 0; i--) {
        StringBuilder tag = new StringBuilder("_");
        for (int j = random.nextInt(20); j > 0; j--) {
          tag.append(tagChars.charAt(random.nextInt(tagChars.length())));
        }
        tags.add(Tag.parse(tag.toString()));
      }

      byte[] expected =
          jackson.writeValueAsBytes(
              new Expected(name.value(), tags.stream().map(Tag::value).toList()));
      assertThat(TagListBody.of(name, tags)).isEqualTo(expected);
    }
  }

  @Test
  void emptyList_isAnEmptyArray() {
    assertThat(new String(TagListBody.of(RepositoryName.parse("app"), List.of())))
        .isEqualTo("{\"name\":\"app\",\"tags\":[]}");
  }
}
