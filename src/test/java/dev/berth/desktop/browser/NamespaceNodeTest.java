package dev.berth.desktop.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.oci.RepositoryName;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceNodeTest {
  private static RepositorySummary repo(String name, int tags, long bytes) {
    return new RepositorySummary(new RepositoryName(name), tags, tags, bytes);
  }

  @Test
  void aRepositoryCanAlsoBeANamespace_andNamespacesAddUp() {
    NamespaceNode root =
        NamespaceNode.of(
            List.of(
                repo("team/app", 2, 100),
                repo("team/app/api", 3, 50),
                repo("team/web", 1, 10),
                repo("tools", 4, 1)));

    NamespaceNode team = root.children().get(0);
    NamespaceNode app = team.children().get(0);

    assertThat(root.children()).extracting(NamespaceNode::name).containsExactly("team", "tools");
    assertThat(app.repository().name().value()).isEqualTo("team/app");
    assertThat(app.isLeaf()).isFalse();
    assertThat(app.children()).extracting(NamespaceNode::path).containsExactly("team/app/api");
    assertThat(app.tagCount()).isEqualTo(5);
    assertThat(app.bytes()).isEqualTo(150);
    assertThat(team.repositoryCount()).isEqualTo(3);
    assertThat(team.repository()).isNull();
    assertThat(root.repositoryCount()).isEqualTo(4);
  }
}
